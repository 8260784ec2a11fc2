package io.tourbook.tour.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tourbook.contracts.GeoPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ItineraryPlannerTest {

  private static final GeoPoint A = new GeoPoint(40.0, -74.00);
  private static final GeoPoint B = new GeoPoint(40.0, -73.99);
  private static final GeoPoint C = new GeoPoint(40.0, -73.98);
  private static final GeoPoint D = new GeoPoint(40.0, -73.88);

  @Test
  @DisplayName("Listings on a street are visited end to end, not from the middle out")
  void visitsALineEndToEnd() {
    // Nearest neighbour from C (closest to the centroid) goes C, B, A and then back to D;
    // 2-opt turns that into A, B, C, D.
    List<GeoPoint> points = List.of(D, A, C, B);

    List<Integer> order = new ItineraryPlanner(10).order(points);

    assertThat(order.stream().map(points::get)).containsExactly(A, B, C, D);
  }

  @Test
  @DisplayName("Without 2-opt the order is plain nearest neighbour from the centre")
  void nearestNeighbourOnly() {
    List<GeoPoint> points = List.of(D, A, C, B);

    List<Integer> order = new ItineraryPlanner(0).order(points);

    assertThat(order.stream().map(points::get)).containsExactly(C, B, A, D);
  }

  @Test
  @DisplayName("The planned path is never longer than nearest neighbour, and optimal up to 3 stops")
  void neverWorseThanNearestNeighbour() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int n = 2 + random.nextInt(6);
      List<GeoPoint> points = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        points.add(new GeoPoint(40 + random.nextDouble() * 0.2, -74 + random.nextDouble() * 0.2));
      }

      double planned = ItineraryPlanner.pathKm(points, new ItineraryPlanner(10).order(points));
      double greedy = ItineraryPlanner.pathKm(points, new ItineraryPlanner(0).order(points));

      assertThat(planned).isLessThanOrEqualTo(greedy + 1e-9);
      if (n <= 3) {
        assertThat(planned).isCloseTo(shortestKm(points), within(1e-9));
      }
    }
  }

  @Test
  @DisplayName("The order is a permutation of the listings, the same every time")
  void deterministicPermutation() {
    List<GeoPoint> points = List.of(A, B, C, D, new GeoPoint(40.05, -73.95));

    List<Integer> first = new ItineraryPlanner(10).order(points);

    assertThat(first).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(new ItineraryPlanner(10).order(points)).isEqualTo(first);
    assertThat(new ItineraryPlanner(10).order(List.of(A))).containsExactly(0);
    assertThat(new ItineraryPlanner(10).order(List.of())).isEmpty();
  }

  @Test
  @DisplayName("Haversine distances and the centroid")
  void distancesAndCentroid() {
    // One degree of latitude is about 111.2 km.
    assertThat(new GeoPoint(0, 0).distanceKm(new GeoPoint(1, 0))).isCloseTo(111.195, within(0.01));
    assertThat(A.distanceKm(A)).isZero();

    GeoPoint centroid = GeoPoint.centroid(List.of(A, C));
    assertThat(centroid.lat()).isCloseTo(40.0, within(1e-4));
    assertThat(centroid.lon()).isCloseTo(-73.99, within(1e-6));

    GeoPoint acrossTheAntimeridian =
        GeoPoint.centroid(List.of(new GeoPoint(0, 179), new GeoPoint(0, -179)));
    assertThat(Math.abs(acrossTheAntimeridian.lon())).isCloseTo(180, within(1e-6));
  }

  /** The shortest open path, by trying every order. */
  private static double shortestKm(List<GeoPoint> points) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      order.add(i);
    }
    return shortest(points, order, 0);
  }

  private static double shortest(List<GeoPoint> points, List<Integer> order, int fixed) {
    if (fixed == order.size()) {
      return ItineraryPlanner.pathKm(points, order);
    }
    double best = Double.MAX_VALUE;
    for (int i = fixed; i < order.size(); i++) {
      Collections.swap(order, fixed, i);
      best = Math.min(best, shortest(points, order, fixed + 1));
      Collections.swap(order, fixed, i);
    }
    return best;
  }
}
