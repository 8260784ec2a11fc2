package io.tourbook.tour;

import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;

/**
 * The producers of the events tour consumes, played by writing their documents (payment,
 * assignment, schedule) with the lastChange stamp, as DESIGN §3 makes events.
 */
final class TourFixtures {

  final MongoClient payments;
  final MongoClient assignments;
  final MongoClient schedules;
  final MongoClient tours;

  TourFixtures(Vertx vertx, JsonObject config) {
    this.payments = TestNode.database(vertx, config, "payment");
    this.assignments = TestNode.database(vertx, config, "assignment");
    this.schedules = TestNode.database(vertx, config, "scheduling");
    this.tours = TestNode.database(vertx, config, "tour");
  }

  Future<Void> close() {
    return Future.all(payments.close(), assignments.close(), schedules.close(), tours.close())
        .mapEmpty();
  }

  /** A payment item as checkout makes it, of a listing of provider-1. */
  static JsonObject item(String listingId, double lat, double lon) {
    return item(listingId, "provider-1", lat, lon);
  }

  /** A payment item as checkout makes it: the listing's provider, title and street address. */
  static JsonObject item(String listingId, String providerId, double lat, double lon) {
    return new JsonObject()
        .put("listingId", listingId)
        .put("providerId", providerId)
        .put("title", "Listing " + listingId)
        .put("address", address(listingId))
        .put("tourFee", new JsonObject().put("amount", 25.0).put("currency", "USD"))
        .put("location", new JsonObject().put("lat", lat).put("lon", lon));
  }

  /** A payment item of the shape checkout made before items carried a provider and an address. */
  static JsonObject olderItem(String listingId, double lat, double lon) {
    JsonObject item = item(listingId, lat, lon);
    item.remove("providerId");
    item.remove("address");
    return item;
  }

  /** The street address of a test listing. */
  static JsonObject address(String listingId) {
    return new JsonObject()
        .put("street", "1 " + listingId + " Street")
        .put("city", "Springfield")
        .put("state", "IL")
        .put("country", "US")
        .put("postcode", "62701");
  }

  static JsonObject payment(String paymentId, String customerId, JsonObject... items) {
    return new JsonObject()
        .put("_id", paymentId)
        .put("idempotencyKey", "key-" + paymentId)
        .put("customerId", customerId)
        .put("items", new JsonArray(java.util.List.of((Object[]) items)))
        .put("amount", new JsonObject().put("amount", 25.0 * items.length).put("currency", "USD"))
        .put(
            "preferredTimes",
            new JsonArray().add(new JsonObject().put("start", "2031-03-04T10:00:00Z")))
        .put("gateway", "simulated")
        .put("status", "succeeded")
        .put("createdAt", Instant.now().toString())
        .put("lastChange", stamp(EventTypes.PAYMENT_SUCCEEDED, customerId));
  }

  Future<Void> pay(JsonObject payment) {
    return payments.insert("payments", payment).mapEmpty();
  }

  /** Stamps the payment again, as a redelivery or a bookkeeping write would look. */
  Future<Void> restampPayment(String paymentId) {
    return payments
        .updateCollection(
            "payments",
            new JsonObject().put("_id", paymentId),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("lastChange", stamp(EventTypes.PAYMENT_SUCCEEDED, "system"))))
        .mapEmpty();
  }

  Future<Void> assign(String assignmentId, String tourId, String realtorId) {
    return assignments
        .insert(
            "assignments",
            new JsonObject()
                .put("_id", assignmentId)
                .put("tourId", tourId)
                .put("realtorId", realtorId)
                .put("distanceKm", 1.5)
                .put("status", "active")
                .put("customerId", "customer-1")
                .put("location", new JsonObject().put("lat", 40.0).put("lon", -74.0))
                .put(
                    "slot",
                    new JsonObject()
                        .put("start", "2031-03-04T10:00:00Z")
                        .put("end", "2031-03-04T10:45:00Z"))
                .put("createdAt", Instant.now().toString())
                .put("lastChange", stamp(EventTypes.ASSIGNMENT_CREATED, "system")))
        .mapEmpty();
  }

  Future<Void> release(String assignmentId) {
    return assignments
        .updateCollection(
            "assignments",
            new JsonObject().put("_id", assignmentId),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", "released")
                        .put("releasedAt", Instant.now().toString())
                        .put("lastChange", stamp(EventTypes.ASSIGNMENT_RELEASED, "system"))))
        .mapEmpty();
  }

  /** Stamps the assignment again without changing it: a late duplicate of assignment.created. */
  Future<Void> restampAssignment(String assignmentId) {
    return assignments
        .updateCollection(
            "assignments",
            new JsonObject().put("_id", assignmentId),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("lastChange", stamp(EventTypes.ASSIGNMENT_CREATED, "system"))))
        .mapEmpty();
  }

  static JsonObject schedule(
      String scheduleId, String tourId, String assignmentId, String realtorId, String start) {
    Instant from = Instant.parse(start);
    return new JsonObject()
        .put("_id", scheduleId)
        .put("tourId", tourId)
        .put("assignmentId", assignmentId)
        .put("realtorId", realtorId)
        .put("customerId", "customer-1")
        .put("start", from.toString())
        .put("end", from.plusSeconds(3600).toString())
        .put("timeZone", "UTC")
        .put(
            "stops",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-a")
                        .put("title", "Listing listing-a")
                        .put("start", from.toString())
                        .put("end", from.plusSeconds(1800).toString())))
        .put("status", "scheduled")
        .put("revision", 1)
        .put("createdAt", Instant.now().toString())
        .put("lastChange", stamp(EventTypes.SCHEDULE_CREATED, "system"));
  }

  Future<Void> insertSchedule(JsonObject schedule) {
    return schedules.insert("schedules", schedule).mapEmpty();
  }

  Future<Void> updateSchedule(String scheduleId, JsonObject set, String type) {
    return schedules
        .updateCollection(
            "schedules",
            new JsonObject().put("_id", scheduleId),
            new JsonObject()
                .put("$set", set.copy().put("lastChange", stamp(type, "system")))
                .put("$inc", new JsonObject().put("revision", 1)))
        .mapEmpty();
  }

  Future<JsonObject> tour(String tourId) {
    return tours.findOne("tours", new JsonObject().put("_id", tourId), null);
  }

  Future<Long> tourCount() {
    return tours.count("tours", new JsonObject());
  }

  static JsonObject stamp(String type, String actor) {
    return new JsonObject()
        .put("type", type)
        .put("at", Instant.now().toString())
        .put("actor", actor);
  }
}
