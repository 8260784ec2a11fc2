package io.tourbook.tour.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.tour.store.TourStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * scheduling.schedules for group tour. A scheduled schedule makes the tour SCHEDULED with its times
 * (again, with the new times, when the schedule's revision is newer than the tour's copy); a
 * completed one makes it COMPLETED. The schedule must belong to the tour's current assignment, so a
 * schedule of an earlier realtor never lands on the tour. A cancelled schedule changes nothing:
 * only the customer cancels a tour.
 */
public final class ScheduleEvents {

  private static final String SCHEDULED = "scheduled";
  private static final String COMPLETED = "completed";

  private final TourStore store;
  private final Clock clock;

  public ScheduleEvents(TourStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Future<Void> handle(EventEnvelope event) {
    JsonObject schedule = event.data();
    String tourId = schedule.getString("tourId");
    if (tourId == null
        || schedule.getString("start") == null
        || schedule.getString("end") == null) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "schedule " + event.subject() + " lacks tourId, start or end"));
    }
    String status = schedule.getString("status");
    if (SCHEDULED.equals(status)) {
      return store.schedule(tourId, owner(schedule), copy(schedule), clock.instant()).mapEmpty();
    }
    if (COMPLETED.equals(status)) {
      return store.complete(tourId, owner(schedule), copy(schedule), clock.instant()).mapEmpty();
    }
    return Future.succeededFuture();
  }

  /** The assignment the schedule was made for, or its realtor when it does not say. */
  private static JsonObject owner(JsonObject schedule) {
    String assignmentId = schedule.getString("assignmentId");
    return assignmentId != null
        ? new JsonObject().put("assignmentId", assignmentId)
        : new JsonObject().put("realtorId", schedule.getString("realtorId"));
  }

  /** The tour's copy of its schedule: the times of the visit and of each stop. */
  private static JsonObject copy(JsonObject schedule) {
    JsonArray stops = new JsonArray();
    for (Object value : schedule.getJsonArray("stops", new JsonArray())) {
      if (value instanceof JsonObject stop) {
        stops.add(
            new JsonObject()
                .put("listingId", stop.getValue("listingId"))
                .put("start", stop.getValue("start"))
                .put("end", stop.getValue("end")));
      }
    }
    JsonObject copy =
        new JsonObject()
            .put("scheduleId", schedule.getValue("_id"))
            .put("revision", schedule.getInteger("revision", 1))
            .put("start", schedule.getValue("start"))
            .put("end", schedule.getValue("end"))
            .put("stops", stops);
    if (schedule.getString("timeZone") != null) {
      copy.put("timeZone", schedule.getString("timeZone"));
    }
    return copy;
  }
}
