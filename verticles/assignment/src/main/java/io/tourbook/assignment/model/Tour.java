package io.tourbook.assignment.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What assignment needs of a tour: from the tour's event data, or from its waiting entry.
 *
 * @param location the tour's centroid {lat, lon}, or null when it has none that realtors can be
 *     searched around
 * @param createdAt when the tour was created; waiting tours are retried oldest first by it
 */
public record Tour(
    String id, String status, String customerId, JsonObject location, Instant createdAt) {

  public static final String PENDING = "PENDING";
  public static final String ASSIGNED = "ASSIGNED";
  public static final String SCHEDULED = "SCHEDULED";
  public static final String COMPLETED = "COMPLETED";
  public static final String CANCELLED = "CANCELLED";

  /** The tour document of a tour event. */
  public static Tour fromEvent(JsonObject data, Instant fallbackCreatedAt) {
    Instant created = Times.parse(data.getValue("createdAt"));
    return new Tour(
        data.getString("_id"),
        data.getValue("status") instanceof String status ? status : "",
        data.getValue("customerId") instanceof String customer ? customer : null,
        point(data.getValue("location")),
        created == null ? fallbackCreatedAt : created);
  }

  /** A waiting entry ({@code {_id, location, customerId, since}}): a tour still PENDING. */
  public static Tour fromWaiting(JsonObject waiting) {
    Instant since = Times.parse(waiting.getValue("since"));
    return new Tour(
        waiting.getString("_id"),
        PENDING,
        waiting.getValue("customerId") instanceof String customer ? customer : null,
        point(waiting.getValue("location")),
        since == null ? Instant.EPOCH : since);
  }

  public double lat() {
    return location.getDouble("lat");
  }

  public double lon() {
    return location.getDouble("lon");
  }

  /** Realtors are found by Redis GEO search, which indexes latitudes up to this. */
  private static final double MAX_LAT = 85.05112878;

  private static JsonObject point(Object value) {
    if (value instanceof JsonObject point
        && point.getValue("lat") instanceof Number lat
        && point.getValue("lon") instanceof Number lon
        && Math.abs(lat.doubleValue()) <= MAX_LAT
        && Math.abs(lon.doubleValue()) <= 180) {
      return new JsonObject().put("lat", lat.doubleValue()).put("lon", lon.doubleValue());
    }
    return null;
  }
}
