package io.tourbook.scheduling.store;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.tourbook.scheduling.model.Schedules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.List;

/**
 * The {@code schedules} collection of database {@code scheduling}: the scheduling.schedules stream.
 * A schedule's {@code revision} counts its meaningful changes; every change is a conditional update
 * on the revision it was decided from, stamped in the same write. Bookkeeping (sent notifications,
 * the reminder) does not restamp.
 */
public final class ScheduleStore {

  public static final String COLLECTION = "schedules";
  public static final String NOTICES = "notices";
  private static final JsonObject BY_START = new JsonObject().put("start", 1).put("_id", 1);

  private final MongoClient mongo;

  public ScheduleStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
        mongo,
        COLLECTION,
        List.of(
            Index.unique("tourId_unique", new JsonObject().put("tourId", 1)),
            Index.named("realtor_start", new JsonObject().put("realtorId", 1).put("start", 1)),
            Index.named("status_end", new JsonObject().put("status", 1).put("end", 1)),
            Index.named("status_start", new JsonObject().put("status", 1).put("start", 1))));
  }

  public Future<JsonObject> find(String scheduleId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", scheduleId), null);
  }

  /** Inserts a new schedule unless one with its id exists; true if inserted. */
  public Future<Boolean> insertIfAbsent(JsonObject schedule) {
    return PortableWrites.insertIfAbsent(
        mongo, COLLECTION, new JsonObject().put("_id", schedule.getString("_id")), schedule);
  }

  /**
   * A new slot (and possibly realtor) for the schedule at {@code revision}: scheduled again,
   * reminder and end marks cleared, stamped schedule.updated.
   */
  public Future<Boolean> replan(String scheduleId, int revision, JsonObject fields, Instant now) {
    String at = Times.format(now);
    return update(
        new JsonObject().put("_id", scheduleId).put("revision", revision),
        new JsonObject()
            .put(
                "$set",
                fields
                    .copy()
                    .put("status", Schedules.SCHEDULED)
                    .put("updatedAt", at)
                    .put("lastChange", Schedules.stamp(EventTypes.SCHEDULE_UPDATED, at)))
            .put(
                "$unset",
                new JsonObject()
                    .put("reminderSentAt", "")
                    .put("completedAt", "")
                    .put("cancelledAt", ""))
            .put("$inc", new JsonObject().put("revision", 1)));
  }

  /**
   * A scheduled or unassigned schedule at {@code revision} to cancelled, with the tour's reason,
   * stamped schedule.updated.
   */
  public Future<Boolean> cancel(String scheduleId, int revision, String reason, Instant now) {
    String at = Times.format(now);
    JsonObject fields =
        new JsonObject()
            .put("status", Schedules.CANCELLED)
            .put("cancelledAt", at)
            .put("updatedAt", at)
            .put("lastChange", Schedules.stamp(EventTypes.SCHEDULE_UPDATED, at));
    if (reason != null) {
      fields.put("cancelReason", reason);
    }
    return update(
        new JsonObject()
            .put("_id", scheduleId)
            .put("revision", revision)
            .put(
                "status",
                new JsonObject()
                    .put(
                        "$in", new JsonArray().add(Schedules.SCHEDULED).add(Schedules.UNASSIGNED))),
        new JsonObject().put("$set", fields).put("$inc", new JsonObject().put("revision", 1)));
  }

  /**
   * A scheduled schedule at {@code revision} to unassigned, its tour having lost its realtor:
   * neither reminded nor completed, until a new assignment replans it. Stamped schedule.updated.
   */
  public Future<Boolean> unassign(String scheduleId, int revision, Instant now) {
    String at = Times.format(now);
    return update(
        new JsonObject()
            .put("_id", scheduleId)
            .put("revision", revision)
            .put("status", Schedules.SCHEDULED),
        new JsonObject()
            .put(
                "$set",
                new JsonObject()
                    .put("status", Schedules.UNASSIGNED)
                    .put("unassignedAt", at)
                    .put("updatedAt", at)
                    .put("lastChange", Schedules.stamp(EventTypes.SCHEDULE_UPDATED, at)))
            .put("$inc", new JsonObject().put("revision", 1)));
  }

  /** A scheduled schedule at {@code revision} to completed, stamped schedule.completed. */
  public Future<Boolean> complete(String scheduleId, int revision, Instant now) {
    String at = Times.format(now);
    return update(
        new JsonObject()
            .put("_id", scheduleId)
            .put("revision", revision)
            .put("status", Schedules.SCHEDULED),
        new JsonObject()
            .put(
                "$set",
                new JsonObject()
                    .put("status", Schedules.COMPLETED)
                    .put("completedAt", at)
                    .put("updatedAt", at)
                    .put("lastChange", Schedules.stamp(EventTypes.SCHEDULE_COMPLETED, at)))
            .put("$inc", new JsonObject().put("revision", 1)));
  }

  /**
   * Records that {@code recipient} (customer or realtor), account {@code accountId}, was mailed
   * about {@code revision}, unless a later revision is already recorded. {@code released}: the mail
   * told that account the tour is no longer theirs.
   */
  public Future<Void> markNotified(
      String scheduleId,
      String recipient,
      String accountId,
      int revision,
      boolean released,
      Instant now) {
    String field = "notifications." + recipient;
    return mongo
        .updateCollection(
            COLLECTION,
            new JsonObject()
                .put("_id", scheduleId)
                .mergeIn(Filters.missingOrBelow(field + ".revision", revision)),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put(
                            field,
                            new JsonObject()
                                .put("revision", revision)
                                .put("accountId", accountId)
                                .put("released", released)
                                .put("sentAt", Times.format(now)))))
        .mapEmpty();
  }

  /** Whether the notice {@code id} (e.g. a tour's no-realtor mail) was sent. */
  public Future<Boolean> noticeSent(String id) {
    return mongo.count(NOTICES, new JsonObject().put("_id", id)).map(count -> count > 0);
  }

  /** Records that the notice {@code id} was sent. */
  public Future<Void> markNoticeSent(String id, Instant now) {
    return mongo
        .save(NOTICES, new JsonObject().put("_id", id).put("sentAt", Times.format(now)))
        .mapEmpty();
  }

  /** Schedules still scheduled whose end has passed, earliest end first. */
  public Future<List<JsonObject>> ended(Instant now, int limit) {
    return mongo.findWithOptions(
        COLLECTION,
        new JsonObject()
            .put("status", Schedules.SCHEDULED)
            .put("end", new JsonObject().put("$lte", Times.format(now))),
        new FindOptions().setSort(new JsonObject().put("end", 1)).setLimit(limit));
  }

  /** Schedules starting in {@code (now, until]} that had no reminder yet. */
  public Future<List<JsonObject>> dueForReminder(Instant now, Instant until, int limit) {
    return mongo.findWithOptions(
        COLLECTION,
        new JsonObject()
            .put("status", Schedules.SCHEDULED)
            .put("reminderSentAt", new JsonObject().put("$exists", false))
            .put(
                "start",
                new JsonObject().put("$gt", Times.format(now)).put("$lte", Times.format(until))),
        new FindOptions().setSort(BY_START).setLimit(limit));
  }

  /**
   * Takes the reminder of a schedule: true for exactly one of any number of concurrent callers, who
   * then sends it. Claimed before sending, so a crash loses a reminder rather than sending it
   * twice.
   */
  public Future<Boolean> claimReminder(String scheduleId, int revision, Instant now) {
    return update(
        new JsonObject()
            .put("_id", scheduleId)
            .put("revision", revision)
            .put("status", Schedules.SCHEDULED)
            .put("reminderSentAt", new JsonObject().put("$exists", false)),
        new JsonObject().put("$set", new JsonObject().put("reminderSentAt", Times.format(now))));
  }

  /** Gives a claimed reminder back after sending failed, so the next scan tries again. */
  public Future<Void> releaseReminder(String scheduleId, Instant claimedAt) {
    return mongo
        .updateCollection(
            COLLECTION,
            new JsonObject().put("_id", scheduleId).put("reminderSentAt", Times.format(claimedAt)),
            new JsonObject().put("$unset", new JsonObject().put("reminderSentAt", "")))
        .mapEmpty();
  }

  /**
   * A page of the schedules matching {@code filter}, by start: {@code {items, total}}.
   *
   * @param filter built by the caller from checked values only
   */
  public Future<JsonObject> page(JsonObject filter, Pages.Page page) {
    FindOptions options =
        new FindOptions().setSort(BY_START).setSkip(page.skip()).setLimit(page.size());
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
}
