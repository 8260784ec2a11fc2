package io.tourbook.tour.store;

import static io.tourbook.tour.model.TourDocuments.stamp;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.tourbook.tour.model.TourDocuments;
import io.tourbook.tour.model.TourStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;

/**
 * All MongoDB access of the tour service: the {@code tours} collection of database {@code tour},
 * the tour.tours stream. Every transition is one conditional update filtered on the states it may
 * start from, stamped in the same write, so a late or repeated event never moves a tour backwards.
 */
public final class TourStore {

  public static final String COLLECTION = "tours";
  public static final String PLATFORM = "platform";
  public static final String NO_REALTOR = "no-realtor";
  private static final JsonObject NEWEST_FIRST =
      new JsonObject().put("createdAt", -1).put("_id", 1);

  private final MongoClient mongo;

  public TourStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /**
   * One tour per payment, and the indexes of the four callers' lists (customer, realtor, status,
   * and the tours of a listing for its provider).
   */
  public Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
        mongo,
        COLLECTION,
        List.of(
            Index.unique("paymentId_unique", new JsonObject().put("paymentId", 1)),
            Index.named(
                "customer_createdAt", new JsonObject().put("customerId", 1).put("createdAt", -1)),
            Index.named(
                "realtor_createdAt", new JsonObject().put("realtorId", 1).put("createdAt", -1)),
            Index.named("status_createdAt", new JsonObject().put("status", 1).put("createdAt", -1)),
            Index.named(
                "listing_createdAt",
                new JsonObject().put("listings.listingId", 1).put("createdAt", -1))));
  }

  /**
   * Inserts the tour unless its payment already has one; true if it was inserted. The payment
   * decides alone: a tour's id is derived from its payment's ({@link
   * io.tourbook.tour.model.TourDocuments}), and its unique key is an index, where an {@code $or}
   * with the id made the embedded MongoDB read every tour.
   */
  public Future<Boolean> insertIfAbsent(JsonObject tour) {
    return PortableWrites.insertIfAbsent(
        mongo, COLLECTION, new JsonObject().put("paymentId", tour.getString("paymentId")), tour);
  }

  /** The tour, or null. */
  public Future<JsonObject> find(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  /**
   * The provider of {@code listingId} as a tour's stop recorded it from the payment, or null when
   * no tour has a stop of that listing with its provider (no tour of it, or only tours from before
   * stops carried the provider).
   */
  public Future<String> providerOf(String listingId) {
    return mongo
        .findWithOptions(
            COLLECTION,
            new JsonObject()
                .put(
                    "listings",
                    new JsonObject()
                        .put(
                            "$elemMatch",
                            new JsonObject()
                                .put("listingId", listingId)
                                .put("providerId", exists(true)))),
            new FindOptions().setLimit(1).setFields(new JsonObject().put("listings", 1)))
        .map(
            found ->
                found.isEmpty()
                    ? null
                    : found.get(0).getJsonArray("listings").stream()
                        .map(JsonObject.class::cast)
                        .filter(stop -> listingId.equals(stop.getString("listingId")))
                        .map(stop -> stop.getString("providerId"))
                        .filter(providerId -> providerId != null)
                        .findFirst()
                        .orElse(null));
  }

  /**
   * PENDING to ASSIGNED with the assignment's realtor and the slot it booked ({@code {start, end}};
   * null for an assignment that has none).
   */
  public Future<Boolean> assign(
      String tourId, String assignmentId, String realtorId, JsonObject slot, Instant now) {
    String at = Times.format(now);
    JsonObject set =
        new JsonObject()
            .put("status", TourStatus.ASSIGNED.name())
            .put("realtorId", realtorId)
            .put("assignmentId", assignmentId)
            .put("assignedAt", at)
            .put("lastChange", stamp(EventTypes.TOUR_ASSIGNED, at, TourDocuments.SYSTEM));
    if (slot != null) {
      set.put(
          "slot",
          new JsonObject().put("start", slot.getValue("start")).put("end", slot.getValue("end")));
    }
    return update(
        new JsonObject().put("_id", tourId).put("status", TourStatus.PENDING.name()),
        new JsonObject().put("$set", set));
  }

  /**
   * Back to PENDING without a realtor, when the tour's own assignment was released before the tour
   * ended. Stamped {@code tour.created}: to its consumers the tour is new again and waits for a
   * realtor.
   */
  public Future<Boolean> requeue(String tourId, String assignmentId, Instant now) {
    String at = Times.format(now);
    return update(
        new JsonObject()
            .put("_id", tourId)
            .put("assignmentId", assignmentId)
            .put("status", in(TourStatus.WITH_REALTOR)),
        new JsonObject()
            .put(
                "$set",
                new JsonObject()
                    .put("status", TourStatus.PENDING.name())
                    .put("requeuedAt", at)
                    .put("lastChange", stamp(EventTypes.TOUR_CREATED, at, TourDocuments.SYSTEM)))
            .put(
                "$unset",
                new JsonObject()
                    .put("realtorId", "")
                    .put("assignmentId", "")
                    .put("slot", "")
                    .put("schedule", "")));
  }

  /**
   * ASSIGNED (or SCHEDULED with an older revision of the schedule) to SCHEDULED with the schedule's
   * times.
   *
   * @param assignment {@code {assignmentId}} or {@code {realtorId}}: the schedule must belong to
   *     the tour's current assignment
   */
  public Future<Boolean> schedule(
      String tourId, JsonObject assignment, JsonObject schedule, Instant now) {
    String at = Times.format(now);
    JsonObject filter =
        new JsonObject()
            .put("_id", tourId)
            .put("status", in(TourStatus.WITH_REALTOR))
            .put(
                "$or",
                new JsonArray()
                    .add(new JsonObject().put("schedule.revision", exists(false)))
                    .add(
                        new JsonObject()
                            .put(
                                "schedule.revision",
                                new JsonObject().put("$lt", schedule.getInteger("revision")))))
            .mergeIn(assignment);
    return update(
        filter,
        new JsonObject()
            .put(
                "$set",
                new JsonObject()
                    .put("status", TourStatus.SCHEDULED.name())
                    .put("schedule", schedule)
                    .put(
                        "lastChange", stamp(EventTypes.TOUR_SCHEDULED, at, TourDocuments.SYSTEM))));
  }

  /** ASSIGNED or SCHEDULED to COMPLETED, once the tour's schedule has ended. */
  public Future<Boolean> complete(
      String tourId, JsonObject assignment, JsonObject schedule, Instant now) {
    String at = Times.format(now);
    return update(
            new JsonObject()
                .put("_id", tourId)
                .put("status", in(TourStatus.WITH_REALTOR))
                .mergeIn(assignment),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", TourStatus.COMPLETED.name())
                        .put("schedule", schedule)
                        .put("completedAt", at)
                        .put(
                            "lastChange",
                            stamp(EventTypes.TOUR_COMPLETED, at, TourDocuments.SYSTEM))))
        .onSuccess(ended -> countEnded(ended, TourStatus.COMPLETED, null));
  }

  /** Who cancelled a tour ({@code cancelledBy}): payment refunds a platform cancel in full. */
  public static final String CANCELLED_BY_CUSTOMER = "customer";

  public static final String CANCELLED_BY_PLATFORM = "platform";

  /**
   * The customer's tour, from any state before COMPLETED, to CANCELLED, with {@code cancelledBy}
   * and {@code cancelReason} "customer".
   */
  public Future<Boolean> cancel(String tourId, String customerId, Instant now) {
    String at = Times.format(now);
    return update(
            new JsonObject()
                .put("_id", tourId)
                .put("customerId", customerId)
                .put("status", in(TourStatus.CANCELLABLE)),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", TourStatus.CANCELLED.name())
                        .put("cancelledAt", at)
                        .put("cancelledBy", CANCELLED_BY_CUSTOMER)
                        .put("cancelReason", CANCELLED_BY_CUSTOMER)
                        .put("lastChange", stamp(EventTypes.TOUR_CANCELLED, at, customerId))))
        .onSuccess(ended -> countEnded(ended, TourStatus.CANCELLED, CANCELLED_BY_CUSTOMER));
  }

  /**
   * The platform gives up on a tour that waited too long for a realtor: PENDING to CANCELLED, by
   * the platform, for {@code no-realtor}, if it has not waited less since ({@code waitingSince}
   * still what the caller read). A normal tour.cancelled, refunded like any other.
   */
  public Future<Boolean> cancelForNoRealtor(String tourId, String lastChangeAt, Instant now) {
    String at = Times.format(now);
    return update(
            new JsonObject()
                .put("_id", tourId)
                .put("status", TourStatus.PENDING.name())
                .put("lastChange.at", lastChangeAt),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", TourStatus.CANCELLED.name())
                        .put("cancelledAt", at)
                        .put("cancelledBy", PLATFORM)
                        .put("cancelReason", NO_REALTOR)
                        .put(
                            "lastChange",
                            stamp(EventTypes.TOUR_CANCELLED, at, TourDocuments.SYSTEM))))
        .onSuccess(ended -> countEnded(ended, TourStatus.CANCELLED, NO_REALTOR));
  }

  /**
   * PENDING tours whose last change (creation, requeue or reschedule request) is before {@code
   * before}: they have been waiting for a realtor since then. Oldest first, at most {@code limit}.
   */
  public Future<List<JsonObject>> waitingSince(Instant before, int limit) {
    return mongo.findWithOptions(
        COLLECTION,
        new JsonObject()
            .put("status", TourStatus.PENDING.name())
            .put("lastChange.at", new JsonObject().put("$lt", Times.format(before))),
        new FindOptions()
            .setSort(new JsonObject().put("createdAt", 1))
            .setLimit(limit)
            .setFields(new JsonObject().put("_id", 1).put("lastChange", 1)));
  }

  /**
   * New preferred times for the customer's tour, waiting for a realtor or with one (assignment then
   * looks for a slot again). {@code preferencesVersion} counts the requests, so assignment can tell
   * an assignment made before the latest one.
   */
  public Future<Boolean> reschedule(
      String tourId, String customerId, JsonArray preferredTimes, Instant now) {
    String at = Times.format(now);
    return update(
        new JsonObject()
            .put("_id", tourId)
            .put("customerId", customerId)
            .put("status", in(TourStatus.RESCHEDULABLE)),
        new JsonObject()
            .put(
                "$set",
                new JsonObject()
                    .put("preferredTimes", preferredTimes)
                    .put("rescheduleRequestedAt", at)
                    .put("lastChange", stamp(EventTypes.TOUR_RESCHEDULE_REQUESTED, at, customerId)))
            .put("$inc", new JsonObject().put("preferencesVersion", 1)));
  }

  /**
   * A page of the tours matching {@code filter}, newest first: {@code {items, total}}.
   *
   * @param filter built by the caller from checked values only
   */
  public Future<JsonObject> page(JsonObject filter, Pages.Page page) {
    FindOptions options =
        new FindOptions().setSort(NEWEST_FIRST).setSkip(page.skip()).setLimit(page.size());
    return Future.all(
            mongo.count(COLLECTION, filter), mongo.findWithOptions(COLLECTION, filter, options))
        .map(
            done ->
                new JsonObject()
                    .put("total", done.<Long>resultAt(0))
                    .put("items", new JsonArray(done.<List<JsonObject>>resultAt(1))));
  }

  private Future<Boolean> update(JsonObject filter, JsonObject update) {
    return mongo
        .updateCollection(COLLECTION, filter, update)
        .map(result -> result != null && result.getDocMatched() > 0);
  }

  /** The {@code tourbook.tours.ended} counter, for a transition this call made. */
  private static void countEnded(boolean ended, TourStatus status, String reason) {
    if (ended) {
      Metrics.counter(
              "tourbook.tours.ended",
              "Tours that reached a final status: COMPLETED, or CANCELLED with its reason",
              "status",
              status.name(),
              "reason",
              reason == null ? "" : reason)
          .increment();
    }
  }

  private static JsonObject in(List<TourStatus> statuses) {
    return new JsonObject().put("$in", new JsonArray(TourStatus.names(statuses)));
  }

  private static JsonObject exists(boolean exists) {
    return new JsonObject().put("$exists", exists);
  }
}
