package io.tourbook.payment.model;

import io.tourbook.payment.PaymentSettings;
import io.tourbook.payment.gateway.Currencies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How much of a cancelled tour's payment goes back (DESIGN §4, Money): all of it when the platform
 * cancelled ({@code cancelledBy: platform}, e.g. no realtor), or when the customer cancelled at
 * least {@code payment.refund.full-before-hours} before the tour's start; otherwise {@code
 * payment.refund.late-percent} of it, rounded down to the currency's minor unit. A tour without a
 * known start (no schedule, no preferred time) is refunded in full.
 */
public final class RefundPolicy {

  public static final String PLATFORM = "platform";

  private final PaymentSettings.Refund settings;

  public RefundPolicy(PaymentSettings.Refund settings) {
    this.settings = settings;
  }

  /**
   * @param percent of the payment that goes back, 0 to 100
   * @param amount in major units
   */
  public record Decision(int percent, BigDecimal amount, String currency) {

    public JsonObject money() {
      return new JsonObject().put("amount", amount.doubleValue()).put("currency", currency);
    }
  }

  /**
   * @param tour the cancelled tour document
   * @param paid the payment's {@code amount {amount, currency}}
   * @param now when the cancellation is judged if the tour does not say when it was cancelled
   */
  public Decision decide(JsonObject tour, JsonObject paid, Instant now) {
    int percent = percent(tour, now);
    String currency = paid.getString("currency");
    BigDecimal amount =
        new BigDecimal(paid.getNumber("amount").toString())
            .multiply(BigDecimal.valueOf(percent))
            .divide(BigDecimal.valueOf(100), Currencies.decimals(currency), RoundingMode.DOWN);
    return new Decision(percent, amount, currency);
  }

  private int percent(JsonObject tour, Instant now) {
    if (PLATFORM.equals(tour.getString("cancelledBy"))) {
      return 100;
    }
    Optional<Instant> start = start(tour);
    if (start.isEmpty()) {
      return 100;
    }
    Instant cancelledAt = instant(tour.getValue("cancelledAt")).orElse(now);
    return cancelledAt.plus(settings.fullBefore()).isAfter(start.get())
        ? settings.latePercent()
        : 100;
  }

  /** The tour's scheduled start, else the earliest preferred time's start. */
  static Optional<Instant> start(JsonObject tour) {
    if (tour.getValue("schedule") instanceof JsonObject schedule) {
      Optional<Instant> scheduled = instant(schedule.getValue("start"));
      if (scheduled.isPresent()) {
        return scheduled;
      }
    }
    Optional<Instant> earliest = Optional.empty();
    if (tour.getValue("preferredTimes") instanceof JsonArray times) {
      for (Object time : times) {
        Optional<Instant> start =
            instant(time instanceof JsonObject window ? window.getValue("start") : time);
        if (start.isPresent() && (earliest.isEmpty() || start.get().isBefore(earliest.get()))) {
          earliest = start;
        }
      }
    }
    return earliest;
  }

  private static Optional<Instant> instant(Object value) {
    if (value instanceof JsonObject date) {
      value = date.getValue("$date");
    }
    if (!(value instanceof String text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }
}
