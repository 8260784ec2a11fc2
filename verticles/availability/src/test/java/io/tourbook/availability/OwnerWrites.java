package io.tourbook.availability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes iam accounts and assignments the way their owners do, stamped with lastChange, so the
 * platform turns them into the events the pool consumes.
 */
final class OwnerWrites {

  private final MongoClient iam;
  private final MongoClient assignment;

  OwnerWrites(Vertx vertx, JsonObject config) {
    String uri = config.getJsonObject("mongo").getString("uri");
    this.iam =
        MongoClient.createShared(
            vertx,
            new JsonObject().put("connection_string", uri).put("db_name", "iam"),
            "test-iam");
    this.assignment =
        MongoClient.createShared(
            vertx,
            new JsonObject().put("connection_string", uri).put("db_name", "assignment"),
            "test-assignment");
  }

  static JsonObject point(double lat, double lon) {
    return new JsonObject().put("lat", lat).put("lon", lon);
  }

  static JsonObject stamp(String type) {
    return new JsonObject()
        .put("type", type)
        .put("at", Instant.now().toString())
        .put("actor", "test");
  }

  /** A verified, active realtor at the point, available or not. */
  Future<Void> realtor(String id, double lat, double lon, boolean available) {
    JsonObject account =
        new JsonObject()
            .put("_id", id)
            .put("email", id + "@example.com")
            .put("name", "Realtor " + id)
            .put("role", "realtor")
            .put("status", "active")
            .put("verified", true)
            .put("location", point(lat, lon))
            .put(
                "availability",
                new JsonObject()
                    .put("status", available ? "available" : "unavailable")
                    .put("at", Instant.now().toString()))
            .put("createdAt", Instant.now().toString())
            .put("lastChange", stamp("iam.account.created"));
    return iam.insert("accounts", account).mapEmpty();
  }

  /** Any other account, e.g. a customer. */
  Future<Void> account(String id, String role) {
    return iam.insert(
            "accounts",
            new JsonObject()
                .put("_id", id)
                .put("email", id + "@example.com")
                .put("role", role)
                .put("status", "active")
                .put("verified", true)
                .put("location", point(52.52, 13.40))
                .put("createdAt", Instant.now().toString())
                .put("lastChange", stamp("iam.account.created")))
        .mapEmpty();
  }

  /** PUT /iam/me/availability, as iam stores it: optionally at a new location. */
  Future<Void> availability(String id, boolean available, JsonObject location) {
    JsonObject availability =
        new JsonObject()
            .put("status", available ? "available" : "unavailable")
            .put("at", Instant.now().toString());
    if (location != null) {
      availability.put("location", location);
    }
    return updateAccount(
        id,
        new JsonObject()
            .put("availability", availability)
            .put("lastChange", stamp("iam.realtor.availability-changed")));
  }

  Future<Void> status(String id, String status) {
    return updateAccount(
        id,
        new JsonObject()
            .put("status", status)
            .put("lastChange", stamp("iam.account.status-changed")));
  }

  private Future<Void> updateAccount(String id, JsonObject set) {
    return iam.updateCollection(
            "accounts", new JsonObject().put("_id", id), new JsonObject().put("$set", set))
        .mapEmpty();
  }

  /** An active assignment of the realtor to the tour in the slot; its id. */
  Future<String> assign(String realtorId, String tourId, JsonObject slot) {
    String id = UUID.randomUUID().toString();
    return assignment
        .insert(
            "assignments",
            new JsonObject()
                .put("_id", id)
                .put("tourId", tourId)
                .put("realtorId", realtorId)
                .put("distanceKm", 1.5)
                .put("status", "active")
                .put("customerId", "customer-1")
                .put("location", point(52.52, 13.40))
                .put("slot", slot)
                .put("createdAt", Instant.now().toString())
                .put("lastChange", stamp("assignment.created")))
        .map(id);
  }

  Future<Void> release(String assignmentId) {
    return assignment
        .updateCollection(
            "assignments",
            new JsonObject().put("_id", assignmentId).put("status", "active"),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", "released")
                        .put("releasedAt", Instant.now().toString())
                        .put("lastChange", stamp("assignment.released"))))
        .mapEmpty();
  }
}
