package io.tourbook.availability.impl;

import io.tourbook.availability.AvailabilitySettings;
import io.tourbook.availability.model.Booking;
import io.tourbook.availability.model.PoolEntry;
import io.tourbook.availability.model.RealtorCalendar;
import io.tourbook.availability.model.RedisGeo;
import io.tourbook.availability.store.PoolStore;
import io.tourbook.contracts.GeoPoint;
import io.tourbook.contracts.Times;
import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.calendar.CalendarRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** availability.service over the Redis pool. */
public final class AvailabilityServiceImpl implements AvailabilityService {

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityServiceImpl.class);
  private static final Set<String> STATUSES =
      Set.of(PoolEntry.AVAILABLE, PoolEntry.BOOKED, PoolEntry.UNAVAILABLE);
  private static final int MAX_ID_LENGTH = 128;

  private final PoolStore store;
  private final PoolRebuild rebuild;
  private final AvailabilitySettings settings;
  private final Clock clock;

  public AvailabilityServiceImpl(
      PoolStore store, PoolRebuild rebuild, AvailabilitySettings settings, Clock clock) {
    this.store = store;
    this.rebuild = rebuild;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Future<JsonArray> findFree(JsonObject query) {
    if (query == null) {
      return invalid("a query is required.");
    }
    double lat = number(query.getValue("lat"));
    double lon = number(query.getValue("lon"));
    double radiusKm = number(query.getValue("radiusKm"));
    int limit = (int) number(query.getValue("limit"));
    long length = (long) (number(query.getValue("lengthSeconds")) * 1000);
    JsonObject window = query.getValue("window") instanceof JsonObject w ? w : new JsonObject();
    Instant from = Times.parse(window.getValue("start"));
    Instant to = Times.parse(window.getValue("end"));
    if (!RedisGeo.valid(lat, lon)) {
      return invalid("lat must be within ±85.05 and lon within ±180.");
    }
    if (!validRadius(radiusKm)) {
      return invalid("radiusKm must be above 0 and at most " + settings.maxRadiusKm() + ".");
    }
    if (limit < 1) {
      return invalid("limit must be at least 1.");
    }
    if (length <= 0 || from == null || to == null || to.isBefore(from.plusMillis(length))) {
      return invalid("lengthSeconds must be positive and window {start, end} must hold it.");
    }
    RealtorCalendar.Request tour =
        new RealtorCalendar.Request(
            query.getString("tourId", ""),
            length,
            RedisGeo.from(query.getValue("firstStop")),
            RedisGeo.from(query.getValue("lastStop")));
    boolean exact = Boolean.TRUE.equals(query.getValue("exact"));
    int count = Math.min(limit, settings.maxResults());
    return guarded(
        () ->
            (settings.rebuildOnMiss() ? rebuild.ensureBuilt() : Future.<Void>succeededFuture())
                .compose(v -> store.nearby(lat, lon, radiusKm, settings.maxResults()))
                .compose(
                    found ->
                        store
                            .calendars(
                                found.stream().map(PoolStore.Nearby::realtorId).toList(),
                                from.toEpochMilli(),
                                to.toEpochMilli())
                            .map(
                                calendars ->
                                    free(found, calendars, tour, from, to, exact, count))));
  }

  /**
   * Each realtor's earliest slot in the window, nearest realtor first, up to {@code limit} realtors
   * (of the nearest {@code max-results} on duty).
   */
  private JsonArray free(
      List<PoolStore.Nearby> found,
      Map<String, RealtorCalendar> calendars,
      RealtorCalendar.Request tour,
      Instant from,
      Instant to,
      boolean exact,
      int limit) {
    CalendarRules rules = store.rules();
    long earliest = clock.instant().plus(rules.leadTime()).toEpochMilli();
    JsonArray answer = new JsonArray();
    for (PoolStore.Nearby realtor : found) {
      if (answer.size() >= limit) {
        break;
      }
      RealtorCalendar calendar = calendars.get(realtor.realtorId());
      if (calendar == null) {
        continue;
      }
      calendar
          .earliestStart(
              tour, from.toEpochMilli(), to.toEpochMilli() - tour.length(), exact, earliest, rules)
          .ifPresent(
              start ->
                  answer.add(
                      new JsonObject()
                          .put("realtorId", realtor.realtorId())
                          .put("distanceKm", realtor.distanceKm())
                          .put("location", realtor.location().toJson())
                          .put("start", Instant.ofEpochMilli(start).toString())
                          .put("end", Instant.ofEpochMilli(start + tour.length()).toString())));
    }
    return answer;
  }

  @Override
  public Future<Boolean> claim(String realtorId, String tourId, JsonObject slot) {
    if (!validId(realtorId) || !validId(tourId)) {
      return invalid("realtorId and tourId are required.");
    }
    Booking booking = Booking.fromSlot(tourId, slot, clock.millis());
    if (booking == null) {
      return invalid("slot must be {start, end} with end after start.");
    }
    return guarded(
        () ->
            store
                .claim(realtorId, booking)
                .map(
                    outcome -> {
                      LOG.debug("Claim of {} for tour {}: {}", realtorId, tourId, outcome);
                      return PoolEntry.BOOKED.equals(outcome);
                    }));
  }

  @Override
  public Future<Void> release(String realtorId, String tourId) {
    if (!validId(realtorId) || !validId(tourId)) {
      return invalid("realtorId and tourId are required.");
    }
    return guarded(() -> store.release(realtorId, tourId).mapEmpty());
  }

  @Override
  public Future<JsonObject> rebuild() {
    return guarded(rebuild::rebuild);
  }

  @Override
  public Future<JsonArray> pool(double lat, double lon, double radiusKm, String status) {
    if (status != null && !STATUSES.contains(status)) {
      return invalid("status must be one of " + STATUSES + ".");
    }
    boolean anywhere = Double.isNaN(lat) && Double.isNaN(lon);
    if (!anywhere && !RedisGeo.valid(lat, lon)) {
      return invalid("lat must be within ±85.05 and lon within ±180, or both left out.");
    }
    double radius = Double.isNaN(radiusKm) ? settings.defaultRadiusKm() : radiusKm;
    if (!anywhere && !validRadius(radius)) {
      return invalid("radiusKm must be above 0 and at most " + settings.maxRadiusKm() + ".");
    }
    GeoPoint near = anywhere ? null : new GeoPoint(lat, lon);
    return guarded(
        () ->
            store
                .all()
                .map(
                    entries -> {
                      List<JsonObject> items =
                          entries.stream()
                              .filter(entry -> status == null || status.equals(entry.status()))
                              .filter(entry -> near == null || entry.location() != null)
                              .map(entry -> withDistance(entry, near))
                              .filter(
                                  item -> near == null || item.getDouble("distanceKm") <= radius)
                              .sorted(
                                  near == null
                                      ? Comparator.comparing(item -> item.getString("realtorId"))
                                      : Comparator.comparingDouble(
                                          item -> item.getDouble("distanceKm")))
                              .toList();
                      return new JsonArray(items);
                    }));
  }

  private static JsonObject withDistance(PoolEntry entry, GeoPoint near) {
    JsonObject item = entry.toJson();
    if (near != null) {
      item.put("distanceKm", GeoPoint.shownKm(near.distanceKm(entry.location())));
    }
    return item;
  }

  private boolean validRadius(double radiusKm) {
    return Double.isFinite(radiusKm) && radiusKm > 0 && radiusKm <= settings.maxRadiusKm();
  }

  private static double number(Object value) {
    return value instanceof Number number ? number.doubleValue() : Double.NaN;
  }

  private static boolean validId(String id) {
    return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH;
  }

  private static <T> Future<T> invalid(String message) {
    return Future.failedFuture(new ServiceException(INVALID, message));
  }

  /**
   * Runs a pool operation; a failure of Redis or of a rebuild source becomes UNAVAILABLE, with the
   * cause logged here and not sent to the caller.
   */
  private static <T> Future<T> guarded(Supplier<Future<T>> operation) {
    Future<T> result;
    try {
      result = operation.get();
    } catch (RuntimeException failure) {
      result = Future.failedFuture(failure);
    }
    return result.recover(
        failure -> {
          if (failure instanceof ServiceException) {
            return Future.failedFuture(failure);
          }
          LOG.warn("The realtor pool is unavailable", failure);
          return Future.failedFuture(
              new ServiceException(UNAVAILABLE, "The realtor pool is unavailable."));
        });
  }
}
