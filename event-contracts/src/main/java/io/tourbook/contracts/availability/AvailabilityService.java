package io.tourbook.contracts.availability;

import io.vertx.codegen.annotations.Nullable;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The realtor pool (assignment -> availability): who is on duty where, their calendars, and atomic
 * bookings of time slots. The pool is a cache in Redis, rebuilt from iam and assignment state.
 */
@ProxyGen
@VertxGen
public interface AvailabilityService {

  String ADDRESS = "availability.service";

  /** Failure code: the request itself is wrong (a coordinate out of range, a radius too large). */
  int INVALID = 400;

  /** Failure code: the pool cannot be read or changed right now (Redis or a rebuild source). */
  int UNAVAILABLE = 503;

  static AvailabilityService createProxy(Vertx vertx, long timeoutMs) {
    return new AvailabilityServiceVertxEBProxy(
        vertx, ADDRESS, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /**
   * On-duty realtors within {@code radiusKm} who are free for a tour inside a window, nearest
   * first. The query: {@code {lat, lon, radiusKm, limit, tourId, lengthSeconds, window: {start,
   * end}, exact?, firstStop?{lat, lon}, lastStop?{lat, lon}}}; with {@code exact} the tour must
   * start at the window's start, otherwise anywhere in it so that it ends by the window's end. The
   * answer: {@code [{realtorId, distanceKm, location: {lat, lon}, start, end}]}, each realtor's
   * earliest such slot. Only {@link #claim} books anything.
   */
  Future<JsonArray> findFree(JsonObject query);

  /**
   * Books {@code slot} ({@code {start, end, firstStop?{lat, lon}, lastStop?{lat, lon}}}) of the
   * realtor for the tour, atomically: true only if the realtor is on duty and the interval, widened
   * by the travel buffer to the tours before and after it, overlaps no other booking or blocked
   * time and lies in working hours after the lead time. A retried claim of the same tour and
   * interval gives the same answer; a new interval for the same tour replaces its old one.
   */
  Future<Boolean> claim(String realtorId, String tourId, JsonObject slot);

  /** Frees the realtor's interval booked for the tour, if any; their other bookings stay. */
  Future<Void> release(String realtorId, String tourId);

  /**
   * Recomputes the pool from iam's accounts and assignment's active assignments: {@code {realtors,
   * available, unavailable}}.
   */
  Future<JsonObject> rebuild();

  /**
   * The pool as admins see it: every realtor known to the pool, optionally within {@code radiusKm}
   * of the point (NaN lat/lon: anywhere) and with {@code status} (available, booked, unavailable;
   * null: any; booked means one of their tours is going on now), {@code [{realtorId, status,
   * onDuty, location, timeZone, bookings: [{tourId, start, end}], updatedAt, distanceKm?}]}.
   */
  Future<JsonArray> pool(double lat, double lon, double radiusKm, @Nullable String status);
}
