package io.tourbook.payment;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventSchemas;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.events.EventFixtures.GroupVerticle;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A node running the payment service over clean test backing services, with its proxy, a direct
 * view of its database, and a consumer group recording every payment event.
 */
final class PaymentNode {

  static final String PAYMENTS = "/api/v1/payments";
  static final EventSchemas SCHEMAS = EventSchemas.load();

  /** A preferred time shared by every request, so that repeated requests are identical. */
  static final Instant PREFERRED_START = Instant.now().plusSeconds(86_400);

  final TestNode node;
  final PaymentService service;
  final MongoClient database;

  /** The tour service's database, where tests write the tours whose cancellation refunds. */
  final MongoClient tours;

  final List<EventEnvelope> events = Collections.synchronizedList(new ArrayList<>());
  private final Vertx vertx;
  private String recorder;

  private PaymentNode(
      Vertx vertx, TestNode node, PaymentService service, MongoClient database, MongoClient tours) {
    this.vertx = vertx;
    this.node = node;
    this.service = service;
    this.database = database;
    this.tours = tours;
  }

  static PaymentNode start(Vertx vertx, Consumer<JsonObject> configure) throws Exception {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    JsonObject config = backing.config();
    configure.accept(config);
    return start(vertx, config, new PaymentModule());
  }

  /**
   * A node over the backing services as they are (no reset), running {@code module}: a second node,
   * or one started after another stopped.
   */
  static PaymentNode start(Vertx vertx, JsonObject config, ServiceModule module) throws Exception {
    TestNode node = await(TestNode.start(vertx, config, List.of(module)));
    MongoClient database =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", "payment"));
    MongoClient tours =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", "tour"));
    PaymentNode payments =
        new PaymentNode(vertx, node, PaymentService.createProxy(vertx, 20_000), database, tours);
    payments.recorder =
        await(
            vertx.deployVerticle(
                new GroupVerticle(
                    node.node.events(),
                    // Named so that no database name is a prefix of another: mongo-java-server's
                    // H2 backend, dropping database "payment", damages one named "paymenttests".
                    new Subscription(Streams.PAYMENT_PAYMENTS, "recorder", List.of("payment.*")),
                    event -> {
                      payments.events.add(event);
                      return Future.succeededFuture();
                    })));
    return payments;
  }

  /** Stops the event recorder first, so no change stream reads a database the next test drops. */
  void stop() throws Exception {
    await(vertx.undeploy(recorder));
    await(database.close());
    await(tours.close());
    await(node.stop());
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

  /** The payment events received so far, each checked against its JSON Schema. */
  List<EventEnvelope> events() {
    List<EventEnvelope> received;
    synchronized (events) {
      received = List.copyOf(events);
    }
    received.forEach(event -> SCHEMAS.assertValid(event.toJson()));
    return received;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
