package io.tourbook.scheduling.model;

import io.tourbook.contracts.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** The time of a tour: from the first stop to the end of the wrap-up, and each stop's visit. */
public record Slot(Instant start, Instant end, List<StopTime> stops) {

  /** One stop's visit; {@code title} and {@code address} are null when the tour has none. */
  public record StopTime(
      String listingId, String title, Address address, Instant start, Instant end) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("listingId", listingId);
      if (title != null) {
        json.put("title", title);
      }
      if (address != null) {
        json.put("address", address.toJson());
      }
      return json.put("start", Times.format(start)).put("end", Times.format(end));
    }
  }

  public JsonArray stopsJson() {
    JsonArray json = new JsonArray();
    stops.forEach(stop -> json.add(stop.toJson()));
    return json;
  }
}
