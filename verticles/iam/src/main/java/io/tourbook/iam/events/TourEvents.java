package io.tourbook.iam.events;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.iam.model.Account;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * tour.* -> {@code tours: [{tourId, status, start?, at}]} on the customer who booked the tour and
 * on the realtor assigned to it. Level-triggered: the record is on exactly those two accounts, so a
 * realtor the tour was taken from loses it.
 */
public final class TourEvents implements EventHandler {

  private final AccountStore accounts;

  public TourEvents(AccountStore accounts) {
    this.accounts = accounts;
  }

  @Override
  public Future<Void> handle(EventEnvelope event) {
    String tourId = event.subject();
    JsonObject tour = event.data();
    String customerId = text(tour.getValue("customerId"));
    if (customerId == null || "delete".equals(event.operation())) {
      return accounts.removeRecords(Account.TOURS, "tourId", tourId, List.of());
    }
    String realtorId = text(tour.getValue("realtorId"));
    JsonObject record =
        new JsonObject().put("tourId", tourId).put("status", tour.getString("status"));
    String start = start(tour);
    if (start != null) {
      record.put("start", start);
    }
    record.put("at", EventRecords.at(event));
    List<String> keepers = new ArrayList<>(List.of(customerId));
    if (realtorId != null) {
      keepers.add(realtorId);
    }
    Future<Void> chain =
        accounts
            .removeRecords(Account.TOURS, "tourId", tourId, keepers)
            .compose(
                v ->
                    accounts.upsertRecord(
                        customerId, Roles.CUSTOMER, Account.TOURS, "tourId", record));
    if (realtorId != null) {
      chain =
          chain.compose(
              v ->
                  accounts.upsertRecord(realtorId, Roles.REALTOR, Account.TOURS, "tourId", record));
    }
    return chain;
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
