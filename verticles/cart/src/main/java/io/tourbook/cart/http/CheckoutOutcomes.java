package io.tourbook.cart.http;

import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.http.ApiException;

/** The {@code tourbook.checkouts} counter: checkouts answered, by outcome. */
final class CheckoutOutcomes {

  static final String BOOKED = "booked";
  static final String REPLAYED = "replayed";
  static final String DECLINED = "declined";
  static final String TURNED_AWAY = "turned-away";

  private CheckoutOutcomes() {}

  static void count(String outcome) {
    Metrics.counter(
            "tourbook.checkouts",
            "Checkouts answered, by outcome: booked, replayed (a repeated key), declined (payment),"
                + " turned-away (429), refused (another 4xx) or failed (5xx)",
            "outcome",
            outcome)
        .increment();
  }

  /** Counts a checkout that ended in {@code failure}. */
  static void countFailure(Throwable failure) {
    count(failure instanceof ApiException api && api.status() < 500 ? "refused" : "failed");
  }
}
