package io.tourbook.iam.events;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.iam.store.RecordStore;
import io.tourbook.iam.store.RecordStore.Kind;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tour.* -> the tour's record {@code {tourId, status, start?, at}} ({@link RecordStore}) on the
 * customer who booked the tour and on the realtor assigned to it. Level-triggered: the record is on
 * exactly those two accounts, so a realtor the tour was taken from loses it.
 */
public final class TourEvents implements EventHandler {

  private final AccountStore accounts;
  private final RecordStore records;

  public TourEvents(AccountStore accounts, RecordStore records) {
    this.accounts = accounts;
    this.records = records;
  }

  @Override
  public Future<Void> handle(EventEnvelope event) {
    String tourId = event.subject();
    JsonObject tour = event.data();
    String customerId = text(tour.getValue("customerId"));
    if (customerId == null || "delete".equals(event.operation())) {
      return records.removeEverywhere(Kind.TOUR, tourId);
    }
    String realtorId = text(tour.getValue("realtorId"));
    JsonObject record =
        new JsonObject().put("tourId", tourId).put("status", tour.getString("status"));
    String start = start(tour);
    if (start != null) {
      record.put("start", start);
    }
    record.put("at", EventRecords.at(event));
    Map<String, String> holders = new LinkedHashMap<>();
    holders.put(customerId, Roles.CUSTOMER);
    if (realtorId != null) {
      holders.put(realtorId, Roles.REALTOR);
    }
    return EventRecords.keepOn(accounts, records, Kind.TOUR, holders, record);
  }

  /** The scheduled start: {@code schedule.start}, or a top-level {@code start}. */
  private static String start(JsonObject tour) {
    if (tour.getValue("schedule") instanceof JsonObject schedule
        && schedule.getValue("start") != null) {
      return Times.normalize(schedule.getValue("start"));
    }
    return tour.getValue("start") != null ? Times.normalize(tour.getValue("start")) : null;
  }

  private static String text(Object value) {
    return value instanceof String text && !text.isBlank() ? text : null;
  }
}
