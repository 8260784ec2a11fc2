package io.tourbook.availability.store;

import io.tourbook.availability.model.Booking;
import io.tourbook.availability.model.RealtorAccount;
import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.Streams;
import io.tourbook.platform.NodeContext;
import io.tourbook.platform.calendar.WeeklyHours;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state a rebuild recomputes the pool from, read (never written) from the databases of its
 * owners: realtor accounts from iam, active assignments from assignment. This is the one place the
 * service reads another service's database: the pool is a cache of exactly that state, and the
 * events that feed it cannot be replayed from the beginning (the oplog is bounded), so the owners'
 * collections are the only complete source.
 */
public final class StateSources {

  private static final JsonObject ACCOUNT_FIELDS =
      new JsonObject()
          .put("role", 1)
          .put("status", 1)
          .put("verified", 1)
          .put("location", 1)
          .put("availability", 1)
          .put("blockedTimes", 1)
          .put("lastChange", 1);
  private static final JsonObject ASSIGNMENT_FIELDS =
      new JsonObject().put("realtorId", 1).put("tourId", 1).put("slot", 1).put("createdAt", 1);

  private final MongoClient iam;
  private final MongoClient assignment;

  private StateSources(MongoClient iam, MongoClient assignment) {
    this.iam = iam;
    this.assignment = assignment;
  }

  public static StateSources create(NodeContext node) {
    return new StateSources(
        node.mongo(Streams.IAM_ACCOUNTS.database()),
        node.mongo(Streams.ASSIGNMENT_ASSIGNMENTS.database()));
  }

  /** Every realtor account as the pool sees it. */
  public Future<List<RealtorAccount>> realtors(Instant fallbackAt, WeeklyHours defaultHours) {
    return iam.findWithOptions(
            Streams.IAM_ACCOUNTS.collection(),
            new JsonObject().put("role", "realtor"),
            new FindOptions().setFields(ACCOUNT_FIELDS))
        .map(
            accounts ->
                accounts.stream()
                    .filter(account -> account.getValue("_id") instanceof String)
                    .map(account -> RealtorAccount.from(account, fallbackAt, defaultHours))
                    .toList());
  }

  /** The booked slots of each realtor's active assignments. */
  public Future<Map<String, List<Booking>>> activeBookings() {
    return assignment
        .findWithOptions(
            Streams.ASSIGNMENT_ASSIGNMENTS.collection(),
            new JsonObject().put("status", "active"),
            new FindOptions().setFields(ASSIGNMENT_FIELDS))
        .map(
            assignments -> {
              Map<String, List<Booking>> bookings = new HashMap<>();
              for (JsonObject active : assignments) {
                if (active.getValue("realtorId") instanceof String realtorId
                    && active.getValue("tourId") instanceof String tourId) {
                  Instant created = Times.parse(active.getValue("createdAt"));
                  Booking booking =
                      Booking.fromSlot(
                          tourId,
                          active.getValue("slot") instanceof JsonObject slot ? slot : null,
                          created == null ? 0 : created.toEpochMilli());
                  if (booking != null) {
                    bookings.computeIfAbsent(realtorId, id -> new ArrayList<>()).add(booking);
                  }
                }
              }
              return bookings;
            });
  }

  public Future<Void> close() {
    return Future.all(iam.close(), assignment.close()).mapEmpty();
  }
}
