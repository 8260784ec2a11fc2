package io.tourbook.payment.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.payment.impl.Refunds;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * tour.tours for group payment: a CANCELLED tour refunds its payment by the refund policy.
 * Level-triggered on the tour's status, and idempotent through the refund recorded on the payment.
 */
public final class TourEvents implements EventHandler {

  private static final String CANCELLED = "CANCELLED";

  private final Refunds refunds;
  private final Clock clock;

  public TourEvents(Refunds refunds, Clock clock) {
    this.refunds = refunds;
    this.clock = clock;
  }

  @Override
  public Future<Void> handle(EventEnvelope event) {
    JsonObject tour = event.data();
    if (!CANCELLED.equals(tour.getString("status"))) {
      return Future.succeededFuture();
    }
    return refunds.refundCancelledTour(tour, clock.instant());
  }
}
