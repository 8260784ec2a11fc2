package io.tourbook.availability.model;

import io.tourbook.contracts.GeoPoint;
import io.vertx.core.json.JsonObject;

/** The locations Redis GEO commands accept: the pool indexes realtors with GEOADD. */
public final class RedisGeo {

  /** Redis GEO indexes latitudes up to this (Web Mercator); beyond it GEOADD refuses the point. */
  private static final double MAX_LAT = 85.05112878;

  private RedisGeo() {}

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
}
