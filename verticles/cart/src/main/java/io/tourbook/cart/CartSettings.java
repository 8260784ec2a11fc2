package io.tourbook.cart;

import io.tourbook.cart.model.Money;
import io.tourbook.platform.time.BookingHorizon;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * The {@code cart} section of the configuration.
 *
 * @param maxItems the most listings one cart holds
 * @param defaultTourFee the tour fee of a listing that sets none
 * @param maxPreferredTimes the most preferred times one checkout gives
 * @param bookingHorizon where a preferred time may lie ({@code booking.horizon-days})
 * @param listingTimeout event-bus timeout of calls to listing.service
 * @param paymentTimeout event-bus timeout of calls to payment.service
 * @param checkoutLease how long a running checkout holds its Idempotency-Key
 * @param checkoutWait how long a request repeating a running checkout's key waits for its outcome
 * @param checkoutPoll how often it looks
 * @param bookingPipeline the subscriptions a checkout's tour goes through until it is scheduled
 * @param maxPipelineLag how far behind they may be before checkout answers 429
 * @param maxConcurrentCheckouts how many checkouts one node runs at once before it answers 429
 */
public record CartSettings(
    int maxItems,
    Money defaultTourFee,
    int maxPreferredTimes,
    BookingHorizon bookingHorizon,
    Duration listingTimeout,
    Duration paymentTimeout,
    Duration checkoutLease,
    Duration checkoutWait,
    Duration checkoutPoll,
    List<String> bookingPipeline,
    Duration maxPipelineLag,
    int maxConcurrentCheckouts) {

  private static final List<String> BOOKING_PIPELINE =
      List.of(
          "payment.payments.tour",
          "tour.tours.assignment",
          "assignment.assignments.tour",
          "tour.tours.scheduling",
          "scheduling.schedules.tour");

  public static CartSettings from(JsonObject config) {
    JsonObject cart = config.getJsonObject("cart", new JsonObject());
    JsonObject fee =
        cart.getJsonObject(
            "default-tour-fee", new JsonObject().put("amount", 25.0).put("currency", "USD"));
    Money defaultFee =
        Money.parse(fee)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cart.default-tour-fee must be {amount >= 0, currency: 3 capitals}"));
    JsonObject backpressure = cart.getJsonObject("backpressure", new JsonObject());
    int maxItems = cart.getInteger("max-items", 10);
    if (maxItems < 1) {
      throw new IllegalArgumentException("cart.max-items must be at least 1");
    }
    return new CartSettings(
        maxItems,
        defaultFee,
        cart.getInteger("max-preferred-times", 5),
        BookingHorizon.from(config),
        Duration.ofMillis(cart.getLong("listing-timeout-ms", 5_000L)),
        Duration.ofMillis(cart.getLong("payment-timeout-ms", 30_000L)),
        Duration.ofMillis(cart.getLong("checkout-lease-ms", 60_000L)),
        Duration.ofMillis(cart.getLong("checkout-wait-ms", 15_000L)),
        Duration.ofMillis(cart.getLong("checkout-poll-ms", 50L)),
        BOOKING_PIPELINE,
        Duration.ofMillis(backpressure.getLong("max-lag-ms", 5_000L)),
        concurrentCheckouts(backpressure.getInteger("max-concurrent-checkouts", 0)));
  }

  /**
   * 0 means 32 per core: a checkout spends most of its time waiting on MongoDB and payment, and
   * under load a checkout takes a few hundred ms, so at 8 per core the cap, not the pipeline's lag,
   * turned away rates the node sustained (the capacity bench's 52-56/s on 2 cores).
   */
  private static int concurrentCheckouts(int configured) {
    return configured > 0 ? configured : 32 * Runtime.getRuntime().availableProcessors();
  }
}
