package io.tourbook.availability.model;

import io.tourbook.contracts.GeoPoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One realtor of the pool as Redis holds them.
 *
 * @param status unavailable (off duty), booked (one of their tours is going on now) or available
 * @param onDuty whether iam has the realtor active, verified, available and located
 * @param location null when the pool never learned one
 * @param timeZone the zone of their working hours
 * @param bookings the bookings that have not ended, earliest first
 */
public record PoolEntry(
    String realtorId,
    String status,
    boolean onDuty,
    GeoPoint location,
    String timeZone,
    List<Booking> bookings,
    String updatedAt) {

  public static final String AVAILABLE = "available";
  public static final String BOOKED = "booked";
  public static final String UNAVAILABLE = "unavailable";

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject().put("realtorId", realtorId).put("status", status).put("onDuty", onDuty);
    if (location != null) {
      json.put("location", location.toJson());
    }
    if (timeZone != null) {
      json.put("timeZone", timeZone);
    }
    JsonArray booked = new JsonArray();
    bookings.forEach(booking -> booked.add(booking.toJson()));
    json.put("bookings", booked);
    if (updatedAt != null) {
      json.put("updatedAt", updatedAt);
    }
    return json;
  }
}
