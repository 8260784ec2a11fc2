package io.tourbook.availability.model;

import io.vertx.core.json.JsonObject;

/** A location {lat, lon} that Redis GEO commands accept. */
public record GeoPoint(double lat, double lon) {

  /** Redis GEO indexes latitudes up to this (Web Mercator); beyond it GEOADD refuses the point. */
  public static final double MAX_LAT = 85.05112878;

  private static final double EARTH_RADIUS_KM = 6372.797560856;

  public static boolean valid(double lat, double lon) {
    return Double.isFinite(lat)
        && Double.isFinite(lon)
        && Math.abs(lat) <= MAX_LAT
        && Math.abs(lon) <= 180;
  }

  /** The point in {@code {lat, lon}}, or null when it is missing or out of range. */
  public static GeoPoint from(Object value) {
    if (value instanceof JsonObject point
        && point.getValue("lat") instanceof Number lat
        && point.getValue("lon") instanceof Number lon
        && valid(lat.doubleValue(), lon.doubleValue())) {
      return new GeoPoint(lat.doubleValue(), lon.doubleValue());
    }
    return null;
  }

  /** Great-circle distance, with the earth radius Redis GEO uses, so both agree. */
  public double distanceKm(GeoPoint other) {
    double dLat = Math.toRadians(other.lat - lat);
    double dLon = Math.toRadians(other.lon - lon);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat))
                * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }

  public JsonObject toJson() {
    return new JsonObject().put("lat", lat).put("lon", lon);
  }
}
