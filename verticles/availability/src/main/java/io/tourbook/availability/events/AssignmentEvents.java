package io.tourbook.availability.events;

import io.tourbook.availability.store.PoolStore;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assignment events (group availability), level triggered on the assignment's status: an active one
 * books its realtor for its tour (normally the claim already did), a released one ends that
 * booking. Both are no-ops when the realtor's booking is for another tour.
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
    if ("active".equals(status)) {
      return store
          .book(realtorId, tourId)
          .onSuccess(
              outcome -> {
                if ("conflict".equals(outcome)) {
                  LOG.warn(
                      "Assignment {} books realtor {} for tour {}, who is booked for another tour",
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
