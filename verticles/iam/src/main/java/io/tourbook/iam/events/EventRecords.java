package io.tourbook.iam.events;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.iam.store.RecordStore;
import io.tourbook.iam.store.RecordStore.Kind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** What the record-keeping handlers share. */
final class EventRecords {

  private EventRecords() {}

  /**
   * When the state the event shows was reached: its {@code lastChange.at}, else the event time. A
   * record is only replaced by one at least as recent, so a replayed old event cannot undo news.
   */
  static String at(EventEnvelope event) {
    JsonObject data = event.data();
    String stamped =
        data.getValue("lastChange") instanceof JsonObject stamp
            ? Times.normalize(stamp.getValue("at"))
            : null;
    return stamped != null ? stamped : Times.format(event.time());
  }

  /**
   * Level-triggered: puts {@code record} on exactly its {@code holders} (account id to the role it
   * must have; an id that is no account with that role gets nothing) and removes it from every
   * other account. An event older than a record of the same key that an account already holds
   * changes nothing, so that a late redelivery does not give a tour back to the realtor it was
   * taken from.
   */
  static Future<Void> keepOn(
      AccountStore accounts,
      RecordStore records,
      Kind kind,
      Map<String, String> holders,
      JsonObject record) {
    String value = record.getString(kind.key());
    String at = record.getString(RecordStore.AT);
    return records
        .hasNewer(kind, value, at)
        .compose(
            outdated -> {
              if (outdated) {
                return Future.succeededFuture();
              }
              Future<Void> chain =
                  records.removeFromOthers(kind, value, List.copyOf(holders.keySet()), at);
              for (Map.Entry<String, String> holder : holders.entrySet()) {
                String accountId = holder.getKey();
                chain =
                    chain
                        .compose(v -> accounts.hasRole(accountId, holder.getValue()))
                        .compose(
                            isHolder ->
                                isHolder
                                    ? records.put(kind, accountId, record)
                                    : Future.succeededFuture());
              }
              return chain;
            });
  }
}
