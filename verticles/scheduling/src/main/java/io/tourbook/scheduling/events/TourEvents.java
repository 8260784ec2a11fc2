package io.tourbook.scheduling.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.scheduling.impl.Scheduler;
import io.tourbook.scheduling.model.TourRequest;
import io.vertx.core.Future;

/**
 * tour.tours for group scheduling (tour.assigned, tour.cancelled, tour.reschedule-requested). The
 * type only says why the event came: the scheduler acts on the tour's state in the data.
 */
public final class TourEvents {

  private final Scheduler scheduler;

  public TourEvents(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public Future<Void> handle(EventEnvelope event) {
    TourRequest tour;
    try {
      tour = TourRequest.fromJson(event.data());
    } catch (IllegalArgumentException | ClassCastException malformed) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "tour " + event.subject() + " cannot be scheduled: " + malformed.getMessage(),
              malformed));
    }
    return scheduler.onTour(tour);
  }
}
