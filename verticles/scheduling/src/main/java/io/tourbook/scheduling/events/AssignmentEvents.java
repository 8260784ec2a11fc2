package io.tourbook.scheduling.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.scheduling.impl.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * assignment.waiting for group scheduling: no realtor could take a tour, which now waits; its
 * customer is told once per wait.
 */
public final class AssignmentEvents {

  private final Scheduler scheduler;

  public AssignmentEvents(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public Future<Void> handle(EventEnvelope event) {
    JsonObject waiting = event.data();
    if (!(waiting.getValue("tourId") instanceof String tourId)
        || !(waiting.getValue("customerId") instanceof String customerId)
        || !(waiting.getValue("since") instanceof String since)) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "waiting record " + event.subject() + " lacks tourId, customerId or since"));
    }
    return scheduler.onWaiting(tourId, customerId, since, waiting.getString("cancelAt"));
  }
}
