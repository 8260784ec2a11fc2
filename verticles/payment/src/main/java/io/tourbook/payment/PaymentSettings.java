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
 */
public record PaymentSettings(
    String gateway,
    Duration chargeLease,
    Duration inProgressWait,
    Duration inProgressPoll,
    int maxItems,
    Stripe stripe) {

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
            Duration.ofMillis(stripe.getLong("timeout-ms", 20_000L))));
  }
}
