package io.tourbook.payment;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The {@code payment} section of the configuration.
 *
 * @param gateway {@code simulated} or {@code stripe}
 * @param chargeLease how long a running charge holds its pending payment before the same key may
 *     resume it
 * @param inProgressWait how long a request repeating a key waits for the running charge's outcome
 * @param inProgressPoll how often it looks
 * @param maxItems the most items one payment may hold
 * @param stripe the Stripe gateway and webhook settings
 * @param refund the refund policy of cancelled tours
 */
public record PaymentSettings(
    String gateway,
    Duration chargeLease,
    Duration inProgressWait,
    Duration inProgressPoll,
    int maxItems,
    Stripe stripe,
    Refund refund) {

  public static final String SIMULATED = "simulated";
  public static final String STRIPE = "stripe";

  /**
   * @param apiBase the Stripe API base URL, {@code https://api.stripe.com} in production
   * @param secretKey the secret API key; never logged
   * @param webhookSecret the webhook endpoint's signing secret; empty disables the webhook route
   * @param webhookTolerance how far a signed timestamp may be from now
   * @param timeout how long one API call may take
   */
  public record Stripe(
      String apiBase,
      String secretKey,
      String webhookSecret,
      Duration webhookTolerance,
      Duration timeout) {

    /** Hides the secrets, in case the settings ever reach a log. */
    @Override
    public String toString() {
      return "Stripe[apiBase=" + apiBase + ", timeout=" + timeout + "]";
    }
  }

  /**
   * The refund policy ({@code payment.refund}): a customer cancelling at least {@code
   * fullBeforeHours} before the tour's start gets it all back, later {@code latePercent} percent; a
   * platform cancel is always refunded in full.
   */
  public record Refund(Duration fullBefore, int latePercent) {}

  public static PaymentSettings from(JsonObject config) {
    JsonObject payment = config.getJsonObject("payment", new JsonObject());
    JsonObject stripe = payment.getJsonObject("stripe", new JsonObject());
    String gateway = payment.getString("gateway", SIMULATED);
    if (!gateway.equals(SIMULATED) && !gateway.equals(STRIPE)) {
      throw new IllegalArgumentException(
          "payment.gateway must be simulated or stripe, not " + gateway);
    }
    return new PaymentSettings(
        gateway,
        Duration.ofMillis(payment.getLong("charge-lease-ms", 60_000L)),
        Duration.ofMillis(payment.getLong("in-progress-wait-ms", 15_000L)),
        Duration.ofMillis(payment.getLong("in-progress-poll-ms", 50L)),
        payment.getInteger("max-items", 50),
        new Stripe(
            stripe.getString("api-base", "https://api.stripe.com"),
            stripe.getString("secret-key", ""),
            stripe.getString("webhook-secret", ""),
            Duration.ofSeconds(stripe.getLong("webhook-tolerance-seconds", 300L)),
            Duration.ofMillis(stripe.getLong("timeout-ms", 20_000L))),
        refund(payment.getJsonObject("refund", new JsonObject())));
  }

  private static Refund refund(JsonObject refund) {
    long fullBeforeHours = refund.getLong("full-before-hours", 24L);
    int latePercent = refund.getInteger("late-percent", 0);
    if (fullBeforeHours < 0) {
      throw new IllegalArgumentException("payment.refund.full-before-hours must be at least 0");
    }
    if (latePercent < 0 || latePercent > 100) {
      throw new IllegalArgumentException("payment.refund.late-percent must be from 0 to 100");
    }
    return new Refund(Duration.ofHours(fullBeforeHours), latePercent);
  }
}
