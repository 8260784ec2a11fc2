package io.tourbook.tour.model;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** A point on the earth in degrees, as the {@code {lat, lon}} of the data contracts. */
public record GeoPoint(double lat, double lon) {

  /** The mean earth radius (IUGG), in kilometres. */
  private static final double EARTH_RADIUS_KM = 6371.0088;

  public GeoPoint {
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("not a location: " + lat + "," + lon);
    }
  }

  /**
   * Reads {@code {lat, lon}}.
   *
   * @throws IllegalArgumentException if either is missing, not a number or out of range
   */
  public static GeoPoint fromJson(JsonObject json) {
    if (json == null
        || !(json.getValue("lat") instanceof Number lat)
        || !(json.getValue("lon") instanceof Number lon)) {
      throw new IllegalArgumentException("a location needs numeric lat and lon");
    }
    return new GeoPoint(lat.doubleValue(), lon.doubleValue());
  }

  public JsonObject toJson() {
    return new JsonObject().put("lat", lat).put("lon", lon);
  }

  /** The great-circle distance (haversine), in kilometres. */
  public double distanceKm(GeoPoint other) {
    double phi1 = Math.toRadians(lat);
    double phi2 = Math.toRadians(other.lat);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(other.lon - lon);
    double h =
        Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
            + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /**
   * The centroid of the points: the mean of their unit vectors, projected back to the sphere, so
   * points on both sides of the antimeridian average to a point between them.
   *
   * @throws IllegalArgumentException if there are no points
   */
  public static GeoPoint centroid(List<GeoPoint> points) {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("the centroid of nothing");
    }
    double x = 0;
    double y = 0;
    double z = 0;
    for (GeoPoint point : points) {
      double phi = Math.toRadians(point.lat);
      double lambda = Math.toRadians(point.lon);
      x += Math.cos(phi) * Math.cos(lambda);
      y += Math.cos(phi) * Math.sin(lambda);
      z += Math.sin(phi);
    }
    double lon = Math.toDegrees(Math.atan2(y, x));
    double lat = Math.toDegrees(Math.atan2(z, Math.hypot(x, y)));
    return new GeoPoint(round(lat), round(lon));
  }

  /** Six decimals: about 0.1 m, finer than any listing's address. */
  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
