package io.tourbook.tour.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.tour.store.TourStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * assignment.assignments for group tour. An active assignment gives a PENDING tour its realtor and
 * its booked slot. A released assignment that is still the tour's own while the tour is ASSIGNED or
 * SCHEDULED puts the tour back to PENDING (assignment releases on tour.cancelled and
 * tour.completed, where the tour is final and nothing changes). Acting on the assignment's state,
 * not the event type, keeps this right when the document shows a later state than the change.
 */
public final class AssignmentEvents {

  private static final String ACTIVE = "active";
  private static final String RELEASED = "released";
  private static final String WAITING = "waiting";

  private final TourStore store;
  private final Clock clock;

  public AssignmentEvents(TourStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Future<Void> handle(EventEnvelope event) {
    JsonObject assignment = event.data();
    if (WAITING.equals(assignment.getString("status"))) {
      // A tour's waiting record: the tour is PENDING already; only the customer is told
      // (scheduling).
      return Future.succeededFuture();
    }
    String assignmentId = assignment.getString("_id");
    String tourId = assignment.getString("tourId");
    String realtorId = assignment.getString("realtorId");
    if (tourId == null || realtorId == null) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "assignment " + assignmentId + " lacks tourId or realtorId"));
    }
    String status = assignment.getString("status");
    if (ACTIVE.equals(status)) {
      JsonObject slot = assignment.getValue("slot") instanceof JsonObject booked ? booked : null;
      return store.assign(tourId, assignmentId, realtorId, slot, clock.instant()).mapEmpty();
    }
    if (RELEASED.equals(status)) {
      return store.requeue(tourId, assignmentId, clock.instant()).mapEmpty();
    }
    return Future.succeededFuture();
  }
}
