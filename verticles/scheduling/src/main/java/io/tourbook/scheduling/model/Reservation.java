package io.tourbook.scheduling.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A realtor's time taken by one schedule, as kept in the realtor's calendar. */
public record Reservation(String scheduleId, Instant start, Instant end) {

  public boolean overlaps(Instant otherStart, Instant otherEnd) {
    return start.isBefore(otherEnd) && otherStart.isBefore(end);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("scheduleId", scheduleId)
        .put("start", Times.format(start))
        .put("end", Times.format(end));
  }

  public static Reservation fromJson(JsonObject json) {
    return new Reservation(
        json.getString("scheduleId"),
        Times.parse(json.getString("start")),
        Times.parse(json.getString("end")));
  }
}
