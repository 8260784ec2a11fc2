package io.tourbook.contracts;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A point on the earth in degrees, as the {@code {lat, lon}} of the data contracts, with the
 * great-circle geometry the services share: every service measures distances on the same sphere.
 */
public record GeoPoint(double lat, double lon) {

  /** The IUGG mean earth radius, in kilometres. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

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
    return distanceKm(other.lat, other.lon);
  }

  /** The great-circle distance (haversine) to {@code otherLat, otherLon}, in kilometres. */
  public double distanceKm(double otherLat, double otherLon) {
    double dLat = Math.toRadians(otherLat - lat);
    double dLon = Math.toRadians(otherLon - lon);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(Math.toRadians(lat))
                * Math.cos(Math.toRadians(otherLat))
                * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
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

  /** A distance as answers show it: to the metre. */
  public static double shownKm(double km) {
    return Math.round(km * 1000) / 1000.0;
  }

  /** Six decimals: about 0.1 m, finer than any listing's address. */
  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }

  /**
   * The smallest latitude/longitude box holding every point within {@code radiusKm} (Matuschek's
   * method): a cheap range prefilter that any MongoDB can run, refined by {@link #distanceKm}.
   */
  public BoundingBox boundingBox(double radiusKm) {
    double angular = radiusKm / EARTH_RADIUS_KM;
    double latRad = Math.toRadians(lat);
    double minLat = latRad - angular;
    double maxLat = latRad + angular;
    if (minLat <= -Math.PI / 2 || maxLat >= Math.PI / 2) {
      // The circle holds a pole: every longitude is inside.
      return new BoundingBox(
          Math.toDegrees(Math.max(minLat, -Math.PI / 2)),
          Math.toDegrees(Math.min(maxLat, Math.PI / 2)),
          -180,
          180);
    }
    double deltaLon = Math.toDegrees(Math.asin(Math.sin(angular) / Math.cos(latRad)));
    return new BoundingBox(
        Math.toDegrees(minLat), Math.toDegrees(maxLat), wrap(lon - deltaLon), wrap(lon + deltaLon));
  }

  private static double wrap(double lon) {
    if (lon < -180) {
      return lon + 360;
    }
    if (lon > 180) {
      return lon - 360;
    }
    return lon;
  }

  /**
   * A latitude/longitude range; when {@code minLon > maxLon} it crosses the antimeridian and holds
   * the longitudes from {@code minLon} to 180 and from -180 to {@code maxLon}.
   */
  public record BoundingBox(double minLat, double maxLat, double minLon, double maxLon) {

    public boolean crossesAntimeridian() {
      return minLon > maxLon;
    }
  }
}
