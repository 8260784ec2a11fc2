package io.tourbook.availability.model;

import io.vertx.core.json.JsonObject;

/**
 * One realtor of the pool as Redis holds it.
 *
 * @param status available, booked or unavailable
 * @param iamAvailable whether iam has the realtor active, verified and available: where a booked
 *     realtor goes when released
 * @param location null when the pool never learned one
 * @param currentTour the tour the realtor is booked for, or null
 */
public record PoolEntry(
    String realtorId,
    String status,
    boolean iamAvailable,
    GeoPoint location,
    String currentTour,
    String updatedAt) {

  public static final String AVAILABLE = "available";
  public static final String BOOKED = "booked";
  public static final String UNAVAILABLE = "unavailable";

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("realtorId", realtorId)
            .put("status", status)
            .put("iamAvailable", iamAvailable);
    if (location != null) {
      json.put("location", location.toJson());
    }
    if (currentTour != null) {
      json.put("currentTour", currentTour);
    }
    if (updatedAt != null) {
      json.put("updatedAt", updatedAt);
    }
    return json;
  }
}
