package io.tourbook.availability.events;

import io.tourbook.availability.model.Booking;
import io.tourbook.availability.store.PoolStore;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assignment events (group availability), level triggered on the assignment's status: an active one
 * books its slot in its realtor's calendar (normally the claim already did), a released one frees
 * that slot only. Neither touches the realtor's other bookings.
 */
public final class AssignmentEvents {

  private static final Logger LOG = LoggerFactory.getLogger(AssignmentEvents.class);

  private final PoolStore store;

  public AssignmentEvents(PoolStore store) {
    this.store = store;
  }

  public Future<Void> handle(EventEnvelope event) {
    JsonObject assignment = event.data();
    if (!(assignment.getValue("realtorId") instanceof String realtorId)
        || !(assignment.getValue("tourId") instanceof String tourId)) {
      return Future.succeededFuture();
    }
    Object status = assignment.getValue("status");
    Booking booking =
        Booking.fromSlot(
            tourId,
            assignment.getValue("slot") instanceof JsonObject slot ? slot : null,
            event.time().toEpochMilli());
    if ("active".equals(status) && booking != null) {
      return store
          .book(realtorId, booking)
          .onSuccess(
              outcome -> {
                if ("conflict".equals(outcome)) {
                  LOG.warn(
                      "Assignment {} books realtor {} for tour {} at a time booked for another tour",
                      event.subject(),
                      realtorId,
                      tourId);
                }
              })
          .mapEmpty();
    }
    if ("released".equals(status)) {
      return store.release(realtorId, tourId).mapEmpty();
    }
    return Future.succeededFuture();
  }
}
