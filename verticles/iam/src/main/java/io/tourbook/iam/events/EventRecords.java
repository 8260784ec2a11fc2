package io.tourbook.iam.events;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.json.JsonObject;

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
}
