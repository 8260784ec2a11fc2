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
 * The realtor pool (assignment -> availability): who is available where, and atomic bookings. The
 * pool is a cache in Redis, rebuilt from iam and assignment state.
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
   * Available realtors within {@code radiusKm} of the point, nearest first, at most {@code limit}:
   * {@code [{realtorId, distanceKm, location: {lat, lon}}]}.
   */
  Future<JsonArray> findAvailable(double lat, double lon, double radiusKm, int limit);

  /**
   * Books the realtor for the tour, atomically: true only if the realtor was available (or is
   * already booked for this same tour, so a retried claim gives the same answer).
   */
  Future<Boolean> claim(String realtorId, String tourId);

  /**
   * Ends the realtor's booking for the tour, if that is still their current tour: they become
   * available again when iam still has them available, unavailable otherwise.
   */
  Future<Void> release(String realtorId, String tourId);

  /**
   * Recomputes the pool from iam's accounts and assignment's active assignments: {@code {realtors:
   * n, booked: m}}.
   */
  Future<JsonObject> rebuild();

  /**
   * The pool as admins see it: every realtor known to the pool, optionally within {@code radiusKm}
   * of the point (NaN lat/lon: anywhere) and with {@code status} (available, booked, unavailable;
   * null: any), {@code [{realtorId, status, iamAvailable, location, currentTour?, updatedAt,
   * distanceKm?}]}; iamAvailable tells where a booked realtor goes when released.
   */
  Future<JsonArray> pool(double lat, double lon, double radiusKm, @Nullable String status);
}
