package io.tourbook.tour.model;

import io.tourbook.contracts.GeoPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order in which to visit a tour's listings, shortest travel first: nearest neighbour from the
 * listing closest to the centroid, then 2-opt on the open path while it shortens it (for tours of
 * at most {@code twoOptMaxStops} stops, where its quadratic passes are cheap). Ties go to the
 * listing that came first, so the same listings always give the same order.
 */
public final class ItineraryPlanner {

  private static final double EPSILON_KM = 1e-9;

  private final int twoOptMaxStops;

  public ItineraryPlanner(int twoOptMaxStops) {
    if (twoOptMaxStops < 0) {
      throw new IllegalArgumentException("twoOptMaxStops must not be negative");
    }
    this.twoOptMaxStops = twoOptMaxStops;
  }

  /** The visiting order, as indexes into {@code points}. */
  public List<Integer> order(List<GeoPoint> points) {
    int n = points.size();
    if (n <= 1) {
      return n == 0 ? List.of() : List.of(0);
    }
    double[][] km = distances(points);
    List<Integer> order = nearestNeighbour(points, km);
    if (n <= twoOptMaxStops) {
      twoOpt(order, km);
    }
    return List.copyOf(order);
  }

  /** The length of the open path through {@code points} in {@code order}, in kilometres. */
  public static double pathKm(List<GeoPoint> points, List<Integer> order) {
    double total = 0;
    for (int i = 1; i < order.size(); i++) {
      total += points.get(order.get(i - 1)).distanceKm(points.get(order.get(i)));
    }
    return total;
  }

  private static double[][] distances(List<GeoPoint> points) {
    int n = points.size();
    double[][] km = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        km[i][j] = points.get(i).distanceKm(points.get(j));
        km[j][i] = km[i][j];
      }
    }
    return km;
  }

  private static List<Integer> nearestNeighbour(List<GeoPoint> points, double[][] km) {
    int n = points.size();
    GeoPoint centroid = GeoPoint.centroid(points);
    int current = 0;
    for (int i = 1; i < n; i++) {
      if (points.get(i).distanceKm(centroid)
          < points.get(current).distanceKm(centroid) - EPSILON_KM) {
        current = i;
      }
    }
    boolean[] visited = new boolean[n];
    List<Integer> order = new ArrayList<>(n);
    visited[current] = true;
    order.add(current);
    while (order.size() < n) {
      int next = -1;
      for (int candidate = 0; candidate < n; candidate++) {
        if (!visited[candidate]
            && (next < 0 || km[current][candidate] < km[current][next] - EPSILON_KM)) {
          next = candidate;
        }
      }
      visited[next] = true;
      order.add(next);
      current = next;
    }
    return order;
  }

  /**
   * Reverses the stretch {@code i..j} whenever that shortens the path. On an open path the stretch
   * may start at the first stop or end at the last, which has no edge to replace.
   */
  private static void twoOpt(List<Integer> order, double[][] km) {
    int n = order.size();
    boolean improved = true;
    while (improved) {
      improved = false;
      for (int i = 0; i < n - 1; i++) {
        for (int j = i + 1; j < n; j++) {
          double before = 0;
          double after = 0;
          if (i > 0) {
            before += km[order.get(i - 1)][order.get(i)];
            after += km[order.get(i - 1)][order.get(j)];
          }
          if (j < n - 1) {
            before += km[order.get(j)][order.get(j + 1)];
            after += km[order.get(i)][order.get(j + 1)];
          }
          if (after < before - EPSILON_KM) {
            Collections.reverse(order.subList(i, j + 1));
            improved = true;
          }
        }
      }
    }
  }
}
