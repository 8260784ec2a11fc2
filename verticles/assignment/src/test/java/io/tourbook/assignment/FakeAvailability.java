package io.tourbook.assignment;

import io.tourbook.contracts.availability.AvailabilityService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import io.vertx.serviceproxy.ServiceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * availability.service in memory, with the semantics of the real one: a claim books an available
 * realtor (or answers true again for the same tour), a release ends only that tour's booking. Bound
 * on the event bus like the real service; tests add realtors and read bookings directly.
 */
final class FakeAvailability extends VerticleBase implements AvailabilityService {

  private static final double EARTH_RADIUS_KM = 6372.797560856;

  private static final class Realtor {
    final double lat;
    final double lon;
    boolean iamAvailable = true;
    String currentTour;

    Realtor(double lat, double lon) {
      this.lat = lat;
      this.lon = lon;
    }
  }

  private final Map<String, Realtor> realtors = new TreeMap<>();
  private MessageConsumer<JsonObject> consumer;

  @Override
  public Future<?> start() {
    consumer =
        new ServiceBinder(vertx)
            .setAddress(AvailabilityService.ADDRESS)
            .register(AvailabilityService.class, this);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  synchronized void add(String realtorId, double lat, double lon) {
    realtors.put(realtorId, new Realtor(lat, lon));
  }

  /** The tour the realtor is booked for, or null. */
  synchronized String bookingOf(String realtorId) {
    return realtors.get(realtorId).currentTour;
  }

  synchronized long booked() {
    return realtors.values().stream().filter(realtor -> realtor.currentTour != null).count();
  }

  @Override
  public synchronized Future<JsonArray> findAvailable(
      double lat, double lon, double radiusKm, int limit) {
    if (Math.abs(lat) > 85.05112878 || Math.abs(lon) > 180 || radiusKm <= 0 || limit < 1) {
      return Future.failedFuture(new ServiceException(INVALID, "invalid search"));
    }
    List<JsonObject> found = new ArrayList<>();
    realtors.forEach(
        (id, realtor) -> {
          double distance = distanceKm(lat, lon, realtor.lat, realtor.lon);
          if (realtor.iamAvailable && realtor.currentTour == null && distance <= radiusKm) {
            found.add(
                new JsonObject()
                    .put("realtorId", id)
                    .put("distanceKm", distance)
                    .put(
                        "location",
                        new JsonObject().put("lat", realtor.lat).put("lon", realtor.lon)));
          }
        });
    found.sort(Comparator.comparingDouble(item -> item.getDouble("distanceKm")));
    return Future.succeededFuture(
        new JsonArray(List.copyOf(found.subList(0, Math.min(limit, found.size())))));
  }

  @Override
  public synchronized Future<Boolean> claim(String realtorId, String tourId) {
    Realtor realtor = realtors.get(realtorId);
    if (realtor == null) {
      return Future.succeededFuture(false);
    }
    if (realtor.currentTour != null) {
      return Future.succeededFuture(realtor.currentTour.equals(tourId));
    }
    if (!realtor.iamAvailable) {
      return Future.succeededFuture(false);
    }
    realtor.currentTour = tourId;
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Void> release(String realtorId, String tourId) {
    Realtor realtor = realtors.get(realtorId);
    if (realtor != null && tourId.equals(realtor.currentTour)) {
      realtor.currentTour = null;
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<JsonObject> rebuild() {
    return Future.succeededFuture(
        new JsonObject().put("realtors", realtors.size()).put("booked", booked()));
  }

  @Override
  public synchronized Future<JsonArray> pool(
      double lat, double lon, double radiusKm, String status) {
    JsonArray all = new JsonArray();
    realtors.forEach(
        (id, realtor) ->
            all.add(
                new JsonObject()
                    .put("realtorId", id)
                    .put("status", realtor.currentTour != null ? "booked" : "available")));
    return Future.succeededFuture(all);
  }

  private static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }
}
