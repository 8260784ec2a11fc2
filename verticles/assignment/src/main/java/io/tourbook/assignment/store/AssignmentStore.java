package io.tourbook.assignment.store;

import io.tourbook.assignment.model.Tour;
import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.mongo.MongoErrors;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.tourbook.platform.trace.ChangeStamp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * All MongoDB access of the assignment service: {@code assignments} (the stream), {@code waiting}
 * (tours nobody could take yet), {@code hints} (the slot a reassigned tour had) and {@code closed}
 * (tours cancelled or completed, remembered for a while so a retry racing with the close releases
 * what it assigned).
 *
 * <p>An assignment carries its {@code slot} ({@code {start, end, firstStop?, lastStop?}}) and, only
 * while active, {@code activeTourId}, with a unique sparse index: at most one active assignment per
 * tour. A realtor holds many, one per slot; that no two of them overlap is the claim script's
 * guarantee. (Sparse rather than partial on status: see {@code PortableWrites}.)
 */
public final class AssignmentStore {

  public static final String ASSIGNMENTS = "assignments";
  public static final String WAITING = "waiting";
  public static final String CLOSED = "closed";
  public static final String HINTS = "hints";
  public static final String ACTIVE = "active";
  public static final String RELEASED = "released";
  public static final String WAITING_STATUS = "waiting";
  private static final String WAITING_RECORD_PREFIX = "waiting-";
  private static final String SYSTEM = "system";

  private final MongoClient mongo;
  private final Clock clock;

  public AssignmentStore(MongoClient mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /**
   * The indexes; and drops {@code active_realtor}, the unique index of the days when a realtor held
   * one tour at a time.
   */
  public Future<Void> createIndexes() {
    return mongo.dropIndex(ASSIGNMENTS, "active_realtor").otherwiseEmpty().compose(v -> indexes());
  }

  private Future<Void> indexes() {
    return PortableWrites.createIndexes(
            mongo,
            ASSIGNMENTS,
            List.of(
                new Index(
                    new JsonObject().put("activeTourId", 1),
                    new IndexOptions().name("active_tour").unique(true).sparse(true)),
                Index.of(new JsonObject().put("tourId", 1)),
                Index.of(new JsonObject().put("realtorId", 1)),
                Index.of(new JsonObject().put("createdAt", -1))))
        .compose(
            v ->
                PortableWrites.createIndexes(
                    mongo,
                    WAITING,
                    List.of(Index.of(new JsonObject().put("since", 1).put("_id", 1)))))
        .compose(
            v ->
                PortableWrites.createIndexes(
                    mongo, CLOSED, List.of(Index.of(new JsonObject().put("at", 1)))));
  }

  /**
   * Stores a new active assignment of the realtor to the tour in the slot, stamped
   * assignment.created; fails with {@link DuplicateAssignment} when the tour already has an active
   * one.
   */
  public Future<JsonObject> insertActive(
      Tour tour, String realtorId, double distanceKm, JsonObject slot) {
    Instant now = clock.instant();
    JsonObject assignment =
        new JsonObject()
            .put("_id", UUID.randomUUID().toString())
            .put("tourId", tour.id())
            .put("realtorId", realtorId)
            .put("distanceKm", Math.max(0, distanceKm))
            .put("status", ACTIVE)
            .put("location", tour.location())
            .put("slot", slot)
            .put("preferencesVersion", tour.preferencesVersion())
            .put("createdAt", Times.format(now))
            .put("activeTourId", tour.id())
            .put("lastChange", stamp(EventTypes.ASSIGNMENT_CREATED, now));
    if (tour.customerId() != null) {
      assignment.put("customerId", tour.customerId());
    }
    return mongo
        .insert(ASSIGNMENTS, assignment)
        .map(assignment)
        .onSuccess(created -> countAssignments("created"))
        .recover(failure -> Future.failedFuture(duplicateOrSelf(failure)));
  }

  /**
   * Active -> released, stamped assignment.released, only if still active: true when this call
   * released it.
   */
  public Future<Boolean> release(String assignmentId) {
    Instant now = clock.instant();
    return mongo
        .updateCollection(
            ASSIGNMENTS,
            new JsonObject().put("_id", assignmentId).put("status", ACTIVE),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", RELEASED)
                        .put("releasedAt", Times.format(now))
                        .put("lastChange", stamp(EventTypes.ASSIGNMENT_RELEASED, now)))
                .put("$unset", new JsonObject().put("activeTourId", "")))
        .map(result -> result.getDocMatched() > 0)
        .onSuccess(
            released -> {
              if (released) {
                countAssignments("released");
              }
            });
  }

  private static void countAssignments(String change) {
    Metrics.counter(
            "tourbook.assignments",
            "Assignments of a realtor to a tour, created or released",
            "change",
            change)
        .increment();
  }

  public Future<JsonObject> activeForTour(String tourId) {
    return mongo.findOne(
        ASSIGNMENTS, new JsonObject().put("tourId", tourId).put("status", ACTIVE), null);
  }

  /** The realtor's active assignments whose slot starts after {@code after}. */
  public Future<List<JsonObject>> upcomingForRealtor(String realtorId, Instant after) {
    return mongo
        .find(ASSIGNMENTS, new JsonObject().put("realtorId", realtorId).put("status", ACTIVE))
        .map(
            active ->
                active.stream()
                    .filter(
                        assignment -> {
                          JsonObject slot = assignment.getJsonObject("slot");
                          Instant start = slot == null ? null : Times.parse(slot.getValue("start"));
                          return start != null && start.isAfter(after);
                        })
                    .toList());
  }

  /** Every assignment a tour ever had, active or released (not its waiting record). */
  public Future<List<JsonObject>> forTour(String tourId) {
    return mongo.find(
        ASSIGNMENTS,
        new JsonObject()
            .put("tourId", tourId)
            .put("status", new JsonObject().put("$in", new JsonArray().add(ACTIVE).add(RELEASED))));
  }

  /**
   * Records, stamped assignment.waiting, that nobody could take the tour in its wait that began at
   * {@code since}, unless that wait is recorded already: one event per wait, so the customer is
   * told once. The record is the tour's one {@code waiting-<tourId>} document, kept in the stream's
   * collection so that the news travels as a durable event.
   */
  public Future<Void> recordWaiting(Tour tour, Instant since, Instant cancelAt) {
    String id = WAITING_RECORD_PREFIX + tour.id();
    String sinceText = Times.format(since);
    return mongo
        .findOne(ASSIGNMENTS, new JsonObject().put("_id", id), new JsonObject().put("since", 1))
        .compose(
            recorded -> {
              if (recorded != null && sinceText.equals(recorded.getString("since"))) {
                return Future.succeededFuture();
              }
              Instant now = clock.instant();
              JsonObject fields =
                  new JsonObject()
                      .put("tourId", tour.id())
                      .put("status", WAITING_STATUS)
                      .put("since", sinceText)
                      .put("cancelAt", Times.format(cancelAt))
                      .put("lastChange", stamp(EventTypes.ASSIGNMENT_WAITING, now));
              if (tour.customerId() != null) {
                fields.put("customerId", tour.customerId());
              }
              return mongo
                  .updateCollectionWithOptions(
                      ASSIGNMENTS,
                      new JsonObject().put("_id", id),
                      new JsonObject()
                          .put("$set", fields)
                          .put(
                              "$setOnInsert", new JsonObject().put("createdAt", Times.format(now))),
                      new UpdateOptions().setUpsert(true))
                  .mapEmpty();
            });
  }

  /**
   * Puts the tour on the waiting list, keeping its place if it is already there; what it asks for
   * (times, stops) is the tour's latest.
   */
  public Future<Void> putWaiting(Tour tour) {
    return mongo
        .updateCollectionWithOptions(
            WAITING,
            new JsonObject().put("_id", tour.id()),
            new JsonObject()
                .put("$set", tour.waitingEntry())
                .put(
                    "$setOnInsert",
                    new JsonObject().put("since", Times.mongoDate(tour.createdAt()))),
            new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }

  public Future<Void> removeWaiting(String tourId) {
    return mongo.removeDocument(WAITING, new JsonObject().put("_id", tourId)).mapEmpty();
  }

  /** Waiting tours, oldest first (by the tour's creation). */
  public Future<List<JsonObject>> waitingOldestFirst(int skip, int limit) {
    return mongo.findWithOptions(
        WAITING,
        new JsonObject(),
        new FindOptions()
            .setSort(new JsonObject().put("since", 1).put("_id", 1))
            .setSkip(skip)
            .setLimit(limit));
  }

  public Future<Long> countWaiting() {
    return mongo.count(WAITING, new JsonObject());
  }

  /**
   * Remembers the slot a tour had with a realtor who went off duty: its next assignment tries that
   * same time with another realtor first.
   */
  public Future<Void> putHint(String tourId, JsonObject slot) {
    return mongo
        .updateCollectionWithOptions(
            HINTS,
            new JsonObject().put("_id", tourId),
            new JsonObject().put("$set", new JsonObject().put("slot", slot)),
            new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }

  /** The slot to try first for the tour, or null. */
  public Future<JsonObject> hint(String tourId) {
    return mongo
        .findOne(HINTS, new JsonObject().put("_id", tourId), null)
        .map(hint -> hint == null ? null : hint.getJsonObject("slot"));
  }

  public Future<Void> removeHint(String tourId) {
    return mongo.removeDocument(HINTS, new JsonObject().put("_id", tourId)).mapEmpty();
  }

  /** Remembers that the tour is cancelled or completed. */
  public Future<Void> markClosed(String tourId) {
    return mongo
        .updateCollectionWithOptions(
            CLOSED,
            new JsonObject().put("_id", tourId),
            new JsonObject()
                .put("$setOnInsert", new JsonObject().put("at", Times.mongoDate(clock.instant()))),
            new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }

  public Future<Boolean> isClosed(String tourId) {
    return PortableWrites.exists(mongo, CLOSED, new JsonObject().put("_id", tourId));
  }

  /** Forgets closed tours closed before {@code before}. */
  public Future<Void> purgeClosed(Instant before) {
    return mongo
        .removeDocuments(
            CLOSED,
            new JsonObject().put("at", new JsonObject().put("$lt", Times.mongoDate(before))))
        .mapEmpty();
  }

  /**
   * A page of assignments, newest first; {@code filter} holds only checked plain values of tourId,
   * realtorId and status.
   */
  public Future<JsonObject> page(JsonObject filter, Pages.Page page) {
    return mongo
        .count(ASSIGNMENTS, filter)
        .compose(
            total ->
                mongo
                    .findWithOptions(
                        ASSIGNMENTS,
                        filter,
                        new FindOptions()
                            .setSort(new JsonObject().put("createdAt", -1).put("_id", 1))
                            .setSkip(page.skip())
                            .setLimit(page.size()))
                    .map(items -> page.response(new JsonArray(List.copyOf(items)), total)));
  }

  private static JsonObject stamp(String type, Instant at) {
    return ChangeStamp.of(type, Times.format(at), SYSTEM);
  }

  private static Throwable duplicateOrSelf(Throwable failure) {
    return MongoErrors.isDuplicateKey(failure) ? new DuplicateAssignment() : failure;
  }
}
