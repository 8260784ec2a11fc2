package io.tourbook.payment;

import static io.tourbook.platform.testsupport.Eventually.await;

import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.testsupport.EventProbe;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node running the payment service over clean test backing services, with its proxy, a direct
 * view of its database, and a consumer group recording every payment event.
 */
final class PaymentNode {

  static final String PAYMENTS = "/api/v1/payments";

  /** A preferred time shared by every request, so that repeated requests are identical. */
  static final Instant PREFERRED_START = Instant.now().plusSeconds(86_400);

  final TestNode node;
  final PaymentService service;
  final MongoClient database;

  /** The tour service's database, where tests write the tours whose cancellation refunds. */
  final MongoClient tours;

  /** Every payment event, checked against its JSON Schema when the node stops. */
  final EventProbe events;

  private PaymentNode(
      TestNode node,
      PaymentService service,
      MongoClient database,
      MongoClient tours,
      EventProbe events) {
    this.node = node;
    this.service = service;
    this.database = database;
    this.tours = tours;
    this.events = events;
  }

  static PaymentNode start(Vertx vertx, Consumer<JsonObject> configure) throws Exception {
    return start(vertx, TestNode.freshConfig(configure), new PaymentModule());
  }

  /**
   * A node over the backing services as they are (no reset), running {@code module}: a second node,
   * or one started after another stopped.
   */
  static PaymentNode start(Vertx vertx, JsonObject config, ServiceModule module) throws Exception {
    TestNode node = await(TestNode.start(vertx, config, List.of(module)));
    return new PaymentNode(
        node,
        PaymentService.createProxy(vertx, 20_000),
        TestNode.database(vertx, config, "payment"),
        TestNode.database(vertx, config, "tour"),
        await(EventProbe.start(vertx, node, Streams.PAYMENT_PAYMENTS)));
  }

  /**
   * Stops the event probe first, so no change stream reads a database the next test drops; then
   * checks every payment event it saw against the event schemas.
   */
  void stop() throws Exception {
    await(events.stop());
    await(database.close());
    await(tours.close());
    await(node.stop());
    events.assertAllValid();
  }

  /**
   * A charge request as the cart sends it: two listings' fees, 65.5 USD in all. The villa carries
   * its provider and address, as every item a cart sends now does; the loft has the older shape
   * without them, which payment.service still takes.
   */
  static JsonObject request(String customerId, String key, String token) {
    return new JsonObject()
        .put("idempotencyKey", key)
        .put("customerId", customerId)
        .put("paymentToken", token)
        .put(
            "items",
            new JsonArray()
                .add(
                    item("villa", "Villa with a view", 40.5, 40.7128, -74.0060)
                        .put("providerId", "provider-1")
                        .put(
                            "address",
                            new JsonObject()
                                .put("street", "1 Hudson St")
                                .put("city", "New York")
                                .put("state", "NY")
                                .put("country", "US")
                                .put("postcode", "10013")))
                .add(item("loft", "Downtown loft", 25, 40.7306, -73.9866)))
        .put("amount", new JsonObject().put("amount", 65.5).put("currency", "USD"))
        .put(
            "preferredTimes",
            new JsonArray().add(new JsonObject().put("start", PREFERRED_START.toString())));
  }

  static JsonObject item(String listingId, String title, double fee, double lat, double lon) {
    return new JsonObject()
        .put("listingId", listingId)
        .put("title", title)
        .put("tourFee", new JsonObject().put("amount", fee).put("currency", "USD"))
        .put("location", new JsonObject().put("lat", lat).put("lon", lon));
  }

  /** Writes the tour as the tour service does: created PENDING, then cancelled. */
  void cancelTour(
      String tourId, String paymentId, Instant start, Instant cancelledAt, String cancelledBy)
      throws Exception {
    JsonObject tour =
        new JsonObject()
            .put("_id", tourId)
            .put("customerId", "alice")
            .put("paymentId", paymentId)
            .put(
                "listings",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("listingId", "villa")
                            .put("location", new JsonObject().put("lat", 40.7).put("lon", -74.0))))
            .put("status", "SCHEDULED")
            .put(
                "schedule",
                new JsonObject()
                    .put("start", start.toString())
                    .put("end", start.plus(1, ChronoUnit.HOURS).toString()))
            .put("lastChange", stamp(EventTypes.TOUR_CREATED, cancelledAt));
    await(tours.insert("tours", tour));
    await(
        tours.updateCollection(
            "tours",
            new JsonObject().put("_id", tourId),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", "CANCELLED")
                        .put("cancelledAt", cancelledAt.toString())
                        .put("cancelledBy", cancelledBy)
                        .put(
                            "cancelReason",
                            cancelledBy.equals("platform") ? "no-realtor" : "customer")
                        .put("lastChange", stamp(EventTypes.TOUR_CANCELLED, cancelledAt)))));
  }

  static JsonObject stamp(String type, Instant at) {
    return new JsonObject().put("type", type).put("at", at.toString()).put("actor", "alice");
  }

  List<JsonObject> stored() throws Exception {
    return await(database.find("payments", new JsonObject()));
  }

  JsonObject stored(String id) throws Exception {
    return await(database.findOne("payments", new JsonObject().put("_id", id), null));
  }
}
