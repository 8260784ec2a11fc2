package io.tourbook.assignment.events;

import io.tourbook.assignment.impl.Assigner;
import io.tourbook.assignment.impl.WaitingRetry;
import io.tourbook.assignment.model.Tour;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
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

  public TourEvents(Assigner assigner, AssignmentStore store, WaitingRetry retry) {
    this.assigner = assigner;
    this.store = store;
    this.retry = retry;
  }

  public Future<Void> handle(EventEnvelope event) {
    Tour tour = Tour.fromEvent(event.data(), event.time());
    if (tour.id() == null) {
      return Future.succeededFuture();
    }
    return switch (tour.status()) {
      case Tour.PENDING -> pending(tour);
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
   * into dead letters. A tour that cannot be searched around (no location, or one availability
   * refuses) fails instead, and is parked in dead letters for admins to see.
   */
  private Future<Void> pending(Tour tour) {
    if (tour.location() == null) {
      return Future.failedFuture(
          new IllegalArgumentException("tour " + tour.id() + " has no location to assign from"));
    }
    return assigner
        .assign(tour)
        .recover(
            failure -> {
              if (Assigner.isInvalid(failure)) {
                return Future.failedFuture(failure);
              }
              LOG.warn("Could not assign tour {} now; it waits", tour.id(), failure);
              return Future.succeededFuture(Assigner.Outcome.NOBODY_AVAILABLE);
            })
        .compose(
            outcome ->
                outcome == Assigner.Outcome.NOBODY_AVAILABLE
                    ? store.putWaiting(tour)
                    : Future.succeededFuture());
  }
}
