package io.tourbook.availability.model;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.contracts.Times;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One interval a realtor is booked for: a tour, its start and end, and where it begins and ends
 * (for the travel buffer to the tours before and after it).
 *
 * @param firstStop where the tour starts, or null when unknown (then only the minimum buffer)
 * @param lastStop where the tour ends, or null when unknown
 * @param claimedAt epoch millis of the claim
 */
public record Booking(
    String tourId, long start, long end, GeoPoint firstStop, GeoPoint lastStop, long claimedAt) {

  /**
   * How the realtor's {@code tours} hash holds it: {@code start:end:fLat:fLon:lLat:lLon:claimedAt}.
   */
  public String value() {
    return start
        + ":"
        + end
        + ":"
        + coordinates(firstStop)
        + ":"
        + coordinates(lastStop)
        + ":"
        + claimedAt;
  }

  public static Booking parse(String tourId, String value) {
    String[] parts = value.split(":", -1);
    return new Booking(
        tourId,
        Long.parseLong(parts[0]),
        Long.parseLong(parts[1]),
        point(parts[2], parts[3]),
        point(parts[4], parts[5]),
        parts.length > 6 && !parts[6].isEmpty() ? Long.parseLong(parts[6]) : 0);
  }

  /**
   * A slot as it crosses the bus: {@code {start, end, firstStop?{lat, lon}, lastStop?{lat, lon}}};
   * null when start and end are not instants with end after start.
   */
  public static Booking fromSlot(String tourId, JsonObject slot, long claimedAt) {
    if (slot == null) {
      return null;
    }
    Instant start = Times.parse(slot.getValue("start"));
    Instant end = Times.parse(slot.getValue("end"));
    if (start == null || end == null || !end.isAfter(start)) {
      return null;
    }
    return new Booking(
        tourId,
        start.toEpochMilli(),
        end.toEpochMilli(),
        RedisGeo.from(slot.getValue("firstStop")),
        RedisGeo.from(slot.getValue("lastStop")),
        claimedAt);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("tourId", tourId)
        .put("start", Instant.ofEpochMilli(start).toString())
        .put("end", Instant.ofEpochMilli(end).toString());
  }

  private static String coordinates(GeoPoint point) {
    return point == null ? ":" : point.lat() + ":" + point.lon();
  }

  private static GeoPoint point(String lat, String lon) {
    return lat.isEmpty() || lon.isEmpty()
        ? null
        : new GeoPoint(Double.parseDouble(lat), Double.parseDouble(lon));
  }
}
