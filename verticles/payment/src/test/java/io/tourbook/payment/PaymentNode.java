package io.tourbook.payment;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventSchemas;
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
  final List<EventEnvelope> events = Collections.synchronizedList(new ArrayList<>());
  private final Vertx vertx;
  private String recorder;

  private PaymentNode(Vertx vertx, TestNode node, PaymentService service, MongoClient database) {
    this.vertx = vertx;
    this.node = node;
    this.service = service;
    this.database = database;
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
    PaymentNode payments =
        new PaymentNode(vertx, node, PaymentService.createProxy(vertx, 20_000), database);
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
    await(node.stop());
  }

  /** A charge request as the cart sends it: two listings' fees, 65.5 USD in all. */
  static JsonObject request(String customerId, String key, String token) {
    return new JsonObject()
        .put("idempotencyKey", key)
        .put("customerId", customerId)
        .put("paymentToken", token)
        .put(
            "items",
            new JsonArray()
                .add(item("villa", "Villa with a view", 40.5, 40.7128, -74.0060))
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
