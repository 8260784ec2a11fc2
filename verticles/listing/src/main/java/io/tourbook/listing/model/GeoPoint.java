package io.tourbook.listing.model;

/** A point on the earth in degrees, with the great-circle geometry the geo search needs. */
public record GeoPoint(double lat, double lon) {

  /** The IUGG mean earth radius. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  public GeoPoint {
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("lat must be in [-90, 90] and lon in [-180, 180]");
    }
  }

  /** The haversine distance in kilometres. */
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
