package io.tourbook.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tourbook.contracts.GeoPoint.BoundingBox;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Great-circle distance and bounding boxes")
class GeoPointTest {

  @Test
  @DisplayName("Haversine distances match known values")
  void haversine() {
    GeoPoint lagos = new GeoPoint(6.5244, 3.3792);
    assertThat(lagos.distanceKm(9.0765, 7.3986)).isCloseTo(524.6, within(2.0));
    assertThat(new GeoPoint(0, 0).distanceKm(1, 0)).isCloseTo(111.195, within(0.01));
    assertThat(new GeoPoint(0, 179.95).distanceKm(0, -179.95)).isCloseTo(11.12, within(0.01));
    assertThat(lagos.distanceKm(6.5244, 3.3792)).isZero();
  }

  @Test
  @DisplayName("The bounding box holds every point of the circle, and no more latitude than needed")
  void boxHoldsTheCircle() {
    GeoPoint centre = new GeoPoint(52.52, 13.40);
    double radiusKm = 25;
    BoundingBox box = centre.boundingBox(radiusKm);
    for (int bearing = 0; bearing < 360; bearing += 5) {
      double[] point = destination(centre, radiusKm * 0.999, bearing);
      assertThat(point[0]).isBetween(box.minLat(), box.maxLat());
      assertThat(point[1]).isBetween(box.minLon(), box.maxLon());
    }
    assertThat(box.maxLat() - centre.lat()).isCloseTo(radiusKm / 111.195, within(0.001));
    assertThat(box.crossesAntimeridian()).isFalse();
  }

  @Test
  @DisplayName("A box over the antimeridian wraps; one over a pole takes every longitude")
  void wrapsAndPoles() {
    BoundingBox wrapped = new GeoPoint(0, 179.95).boundingBox(20);
    assertThat(wrapped.crossesAntimeridian()).isTrue();
    assertThat(wrapped.minLon()).isGreaterThan(179);
    assertThat(wrapped.maxLon()).isLessThan(-179);

    BoundingBox polar = new GeoPoint(89.95, 10).boundingBox(20);
    assertThat(polar.minLon()).isEqualTo(-180);
    assertThat(polar.maxLon()).isEqualTo(180);
    assertThat(polar.maxLat()).isEqualTo(90);
  }

  @Test
  @DisplayName("Coordinates outside the earth are refused")
  void rangeChecked() {
    assertThatThrownBy(() -> new GeoPoint(90.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GeoPoint(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The point {@code km} from {@code start} on the initial bearing {@code degrees}. */
  private static double[] destination(GeoPoint start, double km, double degrees) {
    double angular = km / GeoPoint.EARTH_RADIUS_KM;
    double bearing = Math.toRadians(degrees);
    double lat1 = Math.toRadians(start.lat());
    double lon1 = Math.toRadians(start.lon());
    double lat2 =
        Math.asin(
            Math.sin(lat1) * Math.cos(angular)
                + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
    double lon2 =
        lon1
            + Math.atan2(
                Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
                Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
    return new double[] {Math.toDegrees(lat2), Math.toDegrees(lon2)};
  }
}
