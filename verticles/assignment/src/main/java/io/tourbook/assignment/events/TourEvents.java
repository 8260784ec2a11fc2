package io.tourbook.assignment.events;

import io.tourbook.assignment.impl.Assigner;
import io.tourbook.assignment.impl.WaitingRetry;
import io.tourbook.assignment.model.Tour;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tour events (group assignment: tour.created, tour.cancelled, tour.completed,
 * tour.reschedule-requested), level triggered on the tour's state in the data: a PENDING tour gets
 * a realtor and a slot or waits (with its latest preferred times); a tour with a realtor keeps them
 * unless the customer asked for new times since (then its assignment is released and the tour comes
 * back PENDING); a cancelled or completed tour frees its slot.
 */
public final class TourEvents {

  private static final Logger LOG = LoggerFactory.getLogger(TourEvents.class);

  private final Assigner assigner;
  private final AssignmentStore store;
  private final WaitingRetry retry;
  private final Duration maxWait;

  public TourEvents(
      Assigner assigner, AssignmentStore store, WaitingRetry retry, Duration maxWait) {
    this.assigner = assigner;
    this.store = store;
    this.retry = retry;
    this.maxWait = maxWait;
  }

  public Future<Void> handle(EventEnvelope event) {
    Tour tour = Tour.fromEvent(event.data(), event.time());
    if (tour.id() == null) {
      return Future.succeededFuture();
    }
    return switch (tour.status()) {
      case Tour.PENDING -> pending(tour, waitingSince(event));
      case Tour.ASSIGNED, Tour.SCHEDULED ->
          store
              .removeWaiting(tour.id())
              .compose(v -> retry.release(() -> assigner.releaseForNewTimes(tour)))
              .mapEmpty();
      case Tour.CANCELLED, Tour.COMPLETED ->
          retry.release(() -> assigner.close(tour.id())).mapEmpty();
      default -> Future.succeededFuture();
    };
  }

  /**
   * Assigns the tour, or puts it on the waiting list: when nobody is available, and also when
   * availability cannot answer now, so the retries take it from there instead of the event failing
   * into dead letters. Only when nobody is available is the wait recorded (assignment.waiting,
   * which tells the customer); an outage is not news for them. A tour that cannot be searched
   * around (no location, or one availability refuses) fails instead, and is parked in dead letters
   * for admins to see.
   */
  private Future<Void> pending(Tour tour, Instant since) {
    if (tour.location() == null) {
      return Future.failedFuture(
          new IllegalArgumentException("tour " + tour.id() + " has no location to assign from"));
    }
    return assigner
        .assign(tour)
        .compose(
            outcome ->
                outcome == Assigner.Outcome.NOBODY_AVAILABLE
                    ? store
                        .putWaiting(tour)
                        .compose(v -> store.recordWaiting(tour, since, since.plus(maxWait)))
                    : Future.succeededFuture(),
            failure -> {
              if (Assigner.isInvalid(failure)) {
                return Future.failedFuture(failure);
              }
              LOG.warn("Could not assign tour {} now; it waits", tour.id(), failure);
              return store.putWaiting(tour);
            });
  }

  /**
   * When the tour's current wait began: the time of the change that made it PENDING (its creation,
   * requeue or new preferred times), which is also what the platform's timeout counts from.
   */
  private static Instant waitingSince(EventEnvelope event) {
    Object lastChange = event.data().getValue("lastChange");
    Instant at =
        lastChange instanceof JsonObject change ? Times.parse(change.getValue("at")) : null;
    return at == null ? event.time() : at;
  }
}
