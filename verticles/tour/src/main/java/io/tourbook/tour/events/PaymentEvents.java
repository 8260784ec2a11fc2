package io.tourbook.tour.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.tour.model.ItineraryPlanner;
import io.tourbook.tour.model.TourDocuments;
import io.tourbook.tour.store.TourStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * payment.payments for group tour: a succeeded payment becomes a PENDING tour. The tour id derives
 * from the payment id and paymentId is unique, so a redelivered payment creates nothing new.
 */
public final class PaymentEvents {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentEvents.class);
  private static final String SUCCEEDED = "succeeded";

  private final TourStore store;
  private final ItineraryPlanner planner;
  private final Clock clock;

  public PaymentEvents(TourStore store, ItineraryPlanner planner, Clock clock) {
    this.store = store;
    this.planner = planner;
    this.clock = clock;
  }

  public Future<Void> handle(EventEnvelope event) {
    JsonObject payment = event.data();
    if (!SUCCEEDED.equals(payment.getString("status"))) {
      // Level-triggered: a payment refunded before this event was read books no tour.
      return Future.succeededFuture();
    }
    JsonObject tour;
    try {
      tour = TourDocuments.fromPayment(payment, planner, clock.instant());
    } catch (IllegalArgumentException | ClassCastException malformed) {
      // Failing parks the event in dead letters, where an admin sees it; retrying cannot help.
      return Future.failedFuture(
          new IllegalArgumentException(
              "payment " + event.subject() + " cannot make a tour: " + malformed.getMessage(),
              malformed));
    }
    return store
        .insertIfAbsent(tour)
        .onSuccess(
            inserted -> {
              if (inserted) {
                LOG.info("Tour {} created for payment {}", tour.getString("_id"), event.subject());
              }
            })
        .mapEmpty();
  }
}
