package io.tourbook.scheduling.store;

import io.tourbook.platform.mongo.MongoErrors;
import io.tourbook.scheduling.model.Reservation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code calendars} collection: one document per realtor, {@code {_id: realtorId, version,
 * slots: [{scheduleId, start, end}]}}, holding every slot the realtor is booked for. It is how no
 * realtor gets two overlapping tours, even when several tours are scheduled at once: a slot is
 * taken only by writing the calendar back conditionally on the version it was read at (or by
 * inserting the calendar, whose id is the realtor's). Of two schedulers that read the same version,
 * exactly one write matches; the other reads again and sees the first one's slot.
 */
public final class CalendarStore {

  public static final String COLLECTION = "calendars";

  private final MongoClient mongo;

  public CalendarStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** A realtor's calendar as read; version 0 when the realtor has none yet. */
  public record Calendar(String realtorId, long version, List<Reservation> slots) {}

  public Future<Calendar> load(String realtorId) {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", realtorId), null)
        .map(
            doc -> {
              if (doc == null) {
                return new Calendar(realtorId, 0, List.of());
              }
              List<Reservation> slots = new ArrayList<>();
              for (Object slot : doc.getJsonArray("slots", new JsonArray())) {
                slots.add(Reservation.fromJson((JsonObject) slot));
              }
              return new Calendar(realtorId, doc.getLong("version"), List.copyOf(slots));
            });
  }

  /**
   * Writes {@code slots} as the realtor's calendar if it is still at the version {@code read} was
   * loaded at; false if another write came first.
   */
  public Future<Boolean> save(Calendar read, List<Reservation> slots) {
    JsonArray json = new JsonArray();
    slots.forEach(slot -> json.add(slot.toJson()));
    if (read.version() == 0) {
      return mongo
          .insert(
              COLLECTION,
              new JsonObject().put("_id", read.realtorId()).put("version", 1L).put("slots", json))
          .map(id -> true)
          .recover(
              failure ->
                  MongoErrors.isDuplicateKey(failure)
                      ? Future.succeededFuture(false)
                      : Future.failedFuture(failure));
    }
    return mongo
        .updateCollection(
            COLLECTION,
            new JsonObject().put("_id", read.realtorId()).put("version", read.version()),
            new JsonObject()
                .put("$set", new JsonObject().put("slots", json))
                .put("$inc", new JsonObject().put("version", 1L)))
        .map(result -> result != null && result.getDocMatched() == 1);
  }
}
