package io.tourbook.contracts.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Valid data for each event type, shaped like the producers' documents. */
final class SampleData {

  static final Instant AT = Instant.parse("2025-03-01T10:15:30Z");

  private SampleData() {}

  static JsonObject forType(String type) {
    StreamId stream = EventTypes.streamOf(type);
    if (type.equals(EventTypes.LISTING_DELETED)) {
      return new JsonObject().put("_id", "listing-1");
    }
    if (type.equals(EventTypes.ASSIGNMENT_WAITING)) {
      return new JsonObject()
          .put("_id", "waiting-tour-1")
          .put("tourId", "tour-1")
          .put("customerId", "account-3")
          .put("status", "waiting")
          .put("since", AT.toString())
          .put("cancelAt", AT.plusSeconds(86_400).toString())
          .put("lastChange", stamp(type));
    }
    JsonObject document =
        switch (stream.service()) {
          case "iam" -> account();
          case "listing" -> listing();
          case "payment" -> payment();
          case "tour" -> tour();
          case "assignment" -> assignment();
          case "scheduling" -> schedule();
          default -> throw new IllegalArgumentException(stream.name());
        };
    if (type.equals(EventTypes.PAYMENT_REFUNDED)) {
      document.put("status", "refunded").put("refunds", new JsonArray().add(refund()));
    }
    if (type.equals(EventTypes.TOUR_CANCELLED)) {
      document
          .put("status", "CANCELLED")
          .put("cancelledAt", AT.toString())
          .put("cancelledBy", "platform")
          .put("cancelReason", "no-realtor");
    }
    return document.put("lastChange", stamp(type));
  }

  static JsonObject refund() {
    return new JsonObject()
        .put("refundId", "refund-tour-1")
        .put("tourId", "tour-1")
        .put("amount", new JsonObject().put("amount", 25.5).put("currency", "EUR"))
        .put("percent", 100)
        .put("cancelledBy", "platform")
        .put("cancelReason", "no-realtor")
        .put("status", "succeeded")
        .put("requestedAt", AT.toString())
        .put("refundedAt", AT.toString());
  }

  static JsonObject stamp(String type) {
    return new JsonObject().put("type", type).put("at", AT.toString()).put("actor", "account-9");
  }

  static JsonObject account() {
    return new JsonObject()
        .put("_id", "account-1")
        .put("email", "rita@example.com")
        .put("name", "Rita Realtor")
        .put("role", "realtor")
        .put("status", "active")
        .put("verified", true)
        .put("location", point())
        .put("availability", new JsonObject().put("status", "available").put("location", point()));
  }

  static JsonObject listing() {
    return new JsonObject()
        .put("_id", "listing-1")
        .put("providerId", "account-2")
        .put("title", "Sunny flat")
        .put("type", "apartment")
        .put("offer", "sale")
        .put("price", new JsonObject().put("amount", 350000).put("currency", "EUR"))
        .put(
            "location",
            point()
                .put(
                    "address",
                    new JsonObject()
                        .put("street", "1 Main St")
                        .put("city", "Lagos")
                        .put("country", "NG")));
  }

  static JsonObject payment() {
    JsonObject fee = new JsonObject().put("amount", 25.5).put("currency", "EUR");
    return new JsonObject()
        .put("_id", "payment-1")
        .put("idempotencyKey", "checkout-1")
        .put("customerId", "account-3")
        .put(
            "items",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-1")
                        .put("title", "Sunny flat")
                        .put("tourFee", fee)
                        .put("location", point())))
        .put("amount", fee.copy())
        .put("gateway", "simulated")
        .put("status", "succeeded")
        .put("preferredTimes", new JsonArray().add(new JsonObject().put("start", AT.toString())))
        .put("createdAt", AT.toString());
  }

  static JsonObject tour() {
    return new JsonObject()
        .put("_id", "tour-1")
        .put("customerId", "account-3")
        .put("paymentId", "payment-1")
        .put(
            "listings",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-1")
                        .put("title", "Sunny flat")
                        .put("location", point())))
        .put(
            "itinerary",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-1")
                        .put("order", 1)
                        .put("location", point())
                        .put("legKm", 0.0)))
        .put("status", "PENDING")
        .put("location", point())
        .put("preferredTimes", new JsonArray().add(new JsonObject().put("start", AT.toString())));
  }

  static JsonObject assignment() {
    return new JsonObject()
        .put("_id", "assignment-1")
        .put("tourId", "tour-1")
        .put("realtorId", "account-1")
        .put("distanceKm", 2.4)
        .put("status", "active");
  }

  static JsonObject schedule() {
    return new JsonObject()
        .put("_id", "schedule-1")
        .put("tourId", "tour-1")
        .put("realtorId", "account-1")
        .put("customerId", "account-3")
        .put("start", new JsonObject().put("$date", AT.toString()))
        .put("end", new JsonObject().put("$date", AT.plusSeconds(3600).toEpochMilli()))
        .put("timeZone", "Europe/Paris")
        .put(
            "stops",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", "listing-1")
                        .put("start", AT.toString())
                        .put("end", AT.plusSeconds(1800).toString())))
        .put("status", "scheduled")
        .put("revision", 1);
  }

  static JsonObject point() {
    return new JsonObject().put("lat", 48.8566).put("lon", 2.3522);
  }

  /** A valid envelope of {@code type} around {@code data}. */
  static EventEnvelope envelope(String type, JsonObject data) {
    String operation =
        type.endsWith(".deleted") ? "delete" : type.endsWith(".created") ? "insert" : "update";
    return EventEnvelope.create(
        "0123456789abcdef0123456789abcdef",
        EventTypes.streamOf(type),
        type,
        data.getString("_id"),
        AT,
        operation,
        data,
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }
}
