package io.tourbook.assignment;

import io.tourbook.contracts.availability.AvailabilityService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import io.vertx.serviceproxy.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * availability.service in memory, with the booking semantics of the real one without its calendar
 * rules: a claim books an on-duty realtor's interval that overlaps none of their other bookings (or
 * answers true again for the same tour and interval), a release frees only that tour's interval.
 * Working hours, buffers and lead time are availability's own tests. Bound on the event bus like
 * the real service; tests add realtors and read bookings directly.
 */
final class FakeAvailability extends VerticleBase implements AvailabilityService {

  private static final double EARTH_RADIUS_KM = 6372.797560856;

  private record Booking(String tourId, Instant start, Instant end) {}

  private static final class Realtor {
    final double lat;
    final double lon;
    boolean onDuty = true;
    final List<Booking> bookings = new ArrayList<>();

    Realtor(double lat, double lon) {
      this.lat = lat;
      this.lon = lon;
    }

    boolean free(String tourId, Instant start, Instant end) {
      return bookings.stream()
          .noneMatch(
              booking ->
                  !booking.tourId().equals(tourId)
                      && booking.start().isBefore(end)
                      && start.isBefore(booking.end()));
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

  synchronized void onDuty(String realtorId, boolean onDuty) {
    realtors.get(realtorId).onDuty = onDuty;
  }

  /** The tours the realtor is booked for, earliest first. */
  synchronized List<String> bookingsOf(String realtorId) {
    return realtors.get(realtorId).bookings.stream()
        .sorted(Comparator.comparing(Booking::start))
        .map(Booking::tourId)
        .toList();
  }

  /** How many intervals are booked in all. */
  synchronized long booked() {
    return realtors.values().stream().mapToLong(realtor -> realtor.bookings.size()).sum();
  }

  /**
   * Each on-duty realtor's earliest start in the window with no overlap (after a booking: its end,
   * rounded up to the quarter hour), nearest first.
   */
  @Override
  public synchronized Future<JsonArray> findFree(JsonObject query) {
    double lat = query.getDouble("lat");
    double lon = query.getDouble("lon");
    double radiusKm = query.getDouble("radiusKm");
    int limit = query.getInteger("limit");
    if (Math.abs(lat) > 85.05112878 || Math.abs(lon) > 180 || radiusKm <= 0 || limit < 1) {
      return Future.failedFuture(new ServiceException(INVALID, "invalid search"));
    }
    Duration length = Duration.ofSeconds(query.getLong("lengthSeconds"));
    Instant from = Instant.parse(query.getJsonObject("window").getString("start"));
    Instant to = Instant.parse(query.getJsonObject("window").getString("end"));
    boolean exact = query.getBoolean("exact", false);
    String tourId = query.getString("tourId");
    List<JsonObject> found = new ArrayList<>();
    realtors.forEach(
        (id, realtor) -> {
          double distance = distanceKm(lat, lon, realtor.lat, realtor.lon);
          if (!realtor.onDuty || distance > radiusKm) {
            return;
          }
          Instant start = from;
          while (!start.plus(length).isAfter(to)) {
            Instant end = start.plus(length);
            if (realtor.free(tourId, start, end)) {
              found.add(
                  new JsonObject()
                      .put("realtorId", id)
                      .put("distanceKm", distance)
                      .put(
                          "location",
                          new JsonObject().put("lat", realtor.lat).put("lon", realtor.lon))
                      .put("start", start.toString())
                      .put("end", end.toString()));
              return;
            }
            if (exact) {
              return;
            }
            start = start.plus(Duration.ofMinutes(15));
          }
        });
    found.sort(Comparator.comparingDouble(item -> item.getDouble("distanceKm")));
    return Future.succeededFuture(
        new JsonArray(List.copyOf(found.subList(0, Math.min(limit, found.size())))));
  }

  @Override
  public synchronized Future<Boolean> claim(String realtorId, String tourId, JsonObject slot) {
    Realtor realtor = realtors.get(realtorId);
    if (realtor == null) {
      return Future.succeededFuture(false);
    }
    Instant start = Instant.parse(slot.getString("start"));
    Instant end = Instant.parse(slot.getString("end"));
    boolean same =
        realtor.bookings.stream()
            .anyMatch(
                booking ->
                    booking.tourId().equals(tourId)
                        && booking.start().equals(start)
                        && booking.end().equals(end));
    if (same) {
      return Future.succeededFuture(true);
    }
    if (!realtor.onDuty || !realtor.free(tourId, start, end)) {
      return Future.succeededFuture(false);
    }
    realtor.bookings.removeIf(booking -> booking.tourId().equals(tourId));
    realtor.bookings.add(new Booking(tourId, start, end));
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Void> release(String realtorId, String tourId) {
    Realtor realtor = realtors.get(realtorId);
    if (realtor != null) {
      realtor.bookings.removeIf(booking -> booking.tourId().equals(tourId));
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<JsonObject> rebuild() {
    return Future.succeededFuture(new JsonObject().put("realtors", realtors.size()));
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
                    .put("status", realtor.onDuty ? "available" : "unavailable")));
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
