package io.tourbook.iam;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A node running iam over the test backing services, and the steps iam's tests share. */
final class IamNode {

  static final String PASSWORD = "Correct-Horse-42";
  static final String API = "/api/v1/iam";

  final Vertx vertx;
  final JsonObject config;
  final TestNode node;
  final RecordedEvents events;
  final MongoClient iamDb;

  private IamNode(
      Vertx vertx, JsonObject config, TestNode node, RecordedEvents events, MongoClient iamDb) {
    this.vertx = vertx;
    this.config = config;
    this.node = node;
    this.events = events;
    this.iamDb = iamDb;
  }

  /**
   * The test configuration: clean backing services, and an Argon2id cost small enough for a fast
   * suite (the real cost is tested in PasswordHasherTest and measured by LoginLatencyBenchmark).
   */
  static JsonObject config() {
    return TestNode.freshConfig(
        config -> {
          config
              .getJsonObject("events")
              .put("backoff-initial-ms", 10)
              .put("backoff-max-ms", 100)
              .put("rebalance-ms", 100)
              .put("request-timeout-ms", 5000);
          config
              .getJsonObject("iam")
              .getJsonObject("password")
              .put("argon2-memory-kib", 1024)
              .put("argon2-iterations", 1);
        });
  }

  static IamNode start(Vertx vertx) throws Exception {
    return start(vertx, config());
  }

  static IamNode start(Vertx vertx, JsonObject config) throws Exception {
    RecordedEvents events = new RecordedEvents();
    TestNode node = await(TestNode.start(vertx, config, List.of(new IamModule(), events)));
    return new IamNode(vertx, config, node, events, TestNode.database(vertx, config, "iam"));
  }

  void stop() throws Exception {
    await(node.stop());
  }

  // HTTP

  HttpResponse<Buffer> get(String path, String token) throws Exception {
    return await(node.get(API + path, token));
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
    return await(node.post(API + path, token, body));
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String token, String body)
      throws Exception {
    return await(node.send(method, API + path, token, body));
  }

  static JsonObject registration(String role, String email) {
    JsonObject body =
        new JsonObject()
            .put("email", email)
            .put("password", PASSWORD)
            .put("name", "Test " + role)
            .put("role", role);
    if (role.equals("realtor")) {
      body.put("location", new JsonObject().put("lat", 40.7128).put("lon", -74.006));
    }
    return body;
  }

  /** Registers an account and returns it as the response shows it. */
  JsonObject register(String role, String email) throws Exception {
    HttpResponse<Buffer> response = post("/register", null, registration(role, email));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> login(String email, String password) throws Exception {
    return post("/login", null, new JsonObject().put("email", email).put("password", password));
  }

  /** Logs in and returns the access token. */
  String token(String email) throws Exception {
    HttpResponse<Buffer> response = login(email, PASSWORD);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("accessToken");
  }

  /** A token for an admin account written straight into the database, as the bootstrap would. */
  String adminToken() throws Exception {
    JsonObject admin =
        new JsonObject()
            .put("_id", "admin-1")
            .put("email", "root@example.com")
            .put("emailLower", "root@example.com")
            .put("name", "Root")
            .put("role", "admin")
            .put("status", "active")
            .put("verified", true)
            .put("createdAt", "2024-01-01T00:00:00.000Z")
            .put(
                "lastChange",
                new JsonObject()
                    .put("type", "iam.account.created")
                    .put("at", "2024-01-01T00:00:00.000Z")
                    .put("actor", "system"));
    await(iamDb.insert("accounts", admin));
    return node.token("admin-1", "admin");
  }

  // Database

  /** Every account document, hash included, in id order: to check that nothing changed. */
  List<JsonObject> accounts() throws Exception {
    return await(
        iamDb.findWithOptions(
            "accounts",
            new JsonObject(),
            new FindOptions().setSort(new JsonObject().put("_id", 1))));
  }

  JsonObject account(String id) throws Exception {
    return await(iamDb.findOne("accounts", new JsonObject().put("_id", id), null));
  }

  MongoClient database(String name) {
    return TestNode.database(vertx, config, name);
  }

  /**
   * A consumer group of the tests that records every iam.accounts event. Its name shares no prefix
   * with a database name: the embedded MongoDB's H2 backend, dropping database "iam", also drops
   * the data of a database "iam..." and leaves it undroppable.
   */
  static final class RecordedEvents implements ServiceModule {

    final List<EventEnvelope> received = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "iam-event-recorder";
    }

    @Override
    public Deployable verticle(NodeContext node) {
      return new VerticleBase() {
        @Override
        public Future<?> start() {
          return node.events()
              .consume(
                  new Subscription(Streams.IAM_ACCOUNTS, "recorder", List.of("iam.*")),
                  event -> {
                    received.add(event);
                    return Future.succeededFuture();
                  });
        }
      };
    }

    List<EventEnvelope> ofSubject(String subject) {
      return received.stream().filter(event -> event.subject().equals(subject)).toList();
    }

    List<String> typesOf(String subject) {
      return ofSubject(subject).stream().map(EventEnvelope::type).toList();
    }
  }
}
