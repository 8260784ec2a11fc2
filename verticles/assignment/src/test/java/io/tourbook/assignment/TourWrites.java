package io.tourbook.assignment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;

/**
 * Writes tours the way the tour service does (and a realtor account the way iam does), stamped with
 * lastChange, so the platform turns them into the events assignment consumes.
 */
final class TourWrites {

  private final MongoClient tours;
  private final MongoClient iam;

  TourWrites(Vertx vertx, JsonObject config) {
    String uri = config.getJsonObject("mongo").getString("uri");
    this.tours =
        MongoClient.createShared(
            vertx,
            new JsonObject().put("connection_string", uri).put("db_name", "tour"),
            "test-tour");
    this.iam =
        MongoClient.createShared(
            vertx,
            new JsonObject().put("connection_string", uri).put("db_name", "iam"),
            "test-iam");
  }

  static JsonObject stamp(String type) {
    return new JsonObject()
        .put("type", type)
        .put("at", Instant.now().toString())
        .put("actor", "test");
  }

  /** A PENDING tour at the point, created at {@code createdAt}, with no preferred time. */
  Future<Void> create(String id, double lat, double lon, Instant createdAt) {
    return create(id, lat, lon, createdAt, new JsonArray());
  }

  /** A PENDING tour of one listing at the point (45 minutes by default), at preferred times. */
  Future<Void> create(
      String id, double lat, double lon, Instant createdAt, JsonArray preferredTimes) {
    JsonObject location = new JsonObject().put("lat", lat).put("lon", lon);
    JsonObject tour =
        new JsonObject()
            .put("_id", id)
            .put("paymentId", "payment-" + id)
            .put("customerId", "customer-" + id)
            .put("listingIds", new JsonArray().add("listing-1"))
            .put(
                "listings",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("listingId", "listing-1")
                            .put("title", "Flat")
                            .put("location", location)))
            .put("location", location)
            .put("preferredTimes", preferredTimes)
            .put("status", "PENDING")
            .put("createdAt", createdAt.toString())
            .put("lastChange", stamp("tour.created"));
    return tours.insert("tours", tour).mapEmpty();
  }

  Future<Void> complete(String id) {
    return status(id, "COMPLETED", "tour.completed");
  }

  Future<Void> cancel(String id) {
    return status(id, "CANCELLED", "tour.cancelled");
  }

  /**
   * Changes a field nobody reads and keeps lastChange: the same tour change delivered once more, as
   * a redelivery would.
   */
  Future<Void> redeliver(String id) {
    return tours
        .updateCollection(
            "tours",
            new JsonObject().put("_id", id),
            new JsonObject().put("$inc", new JsonObject().put("redeliveries", 1)))
        .mapEmpty();
  }

  /** Writes the PENDING tour again, stamped tour.created: the same state delivered twice. */
  Future<Void> restamp(String id) {
    return tours
        .updateCollection(
            "tours",
            new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("lastChange", stamp("tour.created"))))
        .mapEmpty();
  }

  private Future<Void> status(String id, String status, String type) {
    return tours
        .updateCollection(
            "tours",
            new JsonObject().put("_id", id),
            new JsonObject()
                .put("$set", new JsonObject().put("status", status).put("lastChange", stamp(type))))
        .mapEmpty();
  }

  /** A realtor who just became available, as iam stores them. */
  Future<Void> availableRealtor(String id, double lat, double lon) {
    JsonObject location = new JsonObject().put("lat", lat).put("lon", lon);
    return iam.insert(
            "accounts",
            new JsonObject()
                .put("_id", id)
                .put("email", id + "@example.com")
                .put("role", "realtor")
                .put("status", "active")
                .put("verified", true)
                .put("location", location)
                .put(
                    "availability",
                    new JsonObject().put("status", "available").put("at", Instant.now().toString()))
                .put("createdAt", Instant.now().toString())
                .put("lastChange", stamp("iam.realtor.availability-changed")))
        .mapEmpty();
  }
}
