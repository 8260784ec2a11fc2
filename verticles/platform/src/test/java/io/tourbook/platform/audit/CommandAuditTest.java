package io.tourbook.platform.audit;

import static io.tourbook.platform.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ThingsService;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CommandAuditTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private TestNode node;
  private MongoClient mongo;
  private String admin;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext testContext) {
    TestBackingServices.get().reset();
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("http").put("max-page-size", 2);
    mongo =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", config.getJsonObject("mongo").getString("uri"))
                .put("db_name", CommandAudit.DATABASE));
    ThingsService.node(vertx, config)
        .onComplete(
            testContext.succeeding(
                started -> {
                  node = started;
                  admin = node.token("root", Roles.ADMIN);
                  testContext.completeNow();
                }));
  }

  /**
   * Re-reads this test service's entries of the audit log until {@code done} holds for them, or
   * fails after {@link #WAIT}. Only its own: a late write of an earlier test's node may land too.
   */
  private Future<List<JsonObject>> recorded(Vertx vertx, Predicate<List<JsonObject>> done) {
    return Eventually.until(
        vertx,
        "the audit entries",
        WAIT,
        () -> mongo.find(CommandAudit.COLLECTION, new JsonObject().put("service", "things")),
        done);
  }

  private Future<Void> seed() {
    List<JsonObject> entries =
        List.of(
            entry("e0", "things", "a1", "POST /api/v1/listings", "succeeded", 0),
            entry("e1", "things", "a2", "PATCH /api/v1/listings/:id", "rejected", 1),
            entry("e2", "cart", "a2", "POST /api/v1/carts/me/items", "rejected", 2),
            entry("e3", "things", "a1", "POST /api/v1/listings", "failed", 3),
            entry("e4", "cart", "a1", "POST /api/v1/carts/me/checkout", "succeeded", 4));
    return Future.all(entries.stream().map(e -> mongo.insert(CommandAudit.COLLECTION, e)).toList())
        .mapEmpty();
  }

  private static JsonObject entry(
      String id, String service, String actor, String action, String outcome, int minutes) {
    return new JsonObject()
        .put("_id", id)
        .put("service", service)
        .put("actor", actor)
        .put("roles", new JsonArray().add("provider"))
        .put("action", action)
        .put("target", new JsonObject())
        .put("outcome", outcome)
        .put("status", 200)
        .put("at", new JsonObject().put("$date", T0.plusSeconds(60L * minutes).toString()));
  }

  private Future<JsonObject> query(String query) {
    return node.get("/api/v1/commands" + query, admin)
        .map(
            response -> {
              assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
              return response.bodyAsJsonObject();
            });
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("A POST is recorded with its route pattern, caller and outcome, and never its body")
  void recordsCommandWithoutBody(Vertx vertx, VertxTestContext testContext) {
    String body = "{\"title\":\"Loft\",\"password\":\"hunter2-secret\"}";
    String token = node.token("p1", Roles.PROVIDER);
    node.post("/api/v1/things", token, body)
        .compose(
            response -> {
              testContext.verify(() -> assertThat(response.statusCode()).isEqualTo(201));
              return recorded(vertx, entries -> entries.size() == 1);
            })
        .onComplete(
            testContext.succeeding(
                entries ->
                    testContext.verify(
                        () -> {
                          JsonObject entry = entries.get(0);
                          assertThat(entry.getString("service")).isEqualTo("things");
                          assertThat(entry.getString("actor")).isEqualTo("p1");
                          assertThat(entry.getJsonArray("roles")).containsExactly("provider");
                          assertThat(entry.getString("action")).isEqualTo("POST /api/v1/things");
                          assertThat(entry.getJsonObject("target")).isEqualTo(new JsonObject());
                          assertThat(entry.getString("outcome")).isEqualTo("succeeded");
                          assertThat(entry.getInteger("status")).isEqualTo(201);
                          assertThat(entry.getJsonObject("at").getString("$date")).isNotBlank();
                          assertThat(entry.encode())
                              .doesNotContain("hunter2")
                              .doesNotContain("Loft")
                              .doesNotContain(token);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "A command sent with an h2c upgrade offer is served over HTTP/1.1 and recorded as succeeded,"
          + " not aborted")
  void h2cUpgradeOfferIsDeclined(Vertx vertx, VertxTestContext testContext) throws Exception {
    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    java.net.http.HttpResponse<String> response =
        jdk.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/api/v1/things"))
                .header("Authorization", "Bearer " + node.token("p1", Roles.PROVIDER))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Loft\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    recorded(vertx, entries -> entries.size() == 1)
        .onComplete(
            testContext.succeeding(
                entries ->
                    testContext.verify(
                        () -> {
                          assertThat(entries.get(0).getString("outcome")).isEqualTo("succeeded");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("A rejected command is recorded with its path parameters as target and no actor")
  void recordsRejectedCommandWithTarget(Vertx vertx, VertxTestContext testContext) {
    node.client
        .delete("/api/v1/things/t-42")
        .send()
        .compose(
            response -> {
              testContext.verify(() -> assertThat(response.statusCode()).isEqualTo(401));
              return recorded(vertx, entries -> entries.size() == 1);
            })
        .onComplete(
            testContext.succeeding(
                entries ->
                    testContext.verify(
                        () -> {
                          JsonObject entry = entries.get(0);
                          assertThat(entry.getString("action"))
                              .isEqualTo("DELETE /api/v1/things/:id");
                          assertThat(entry.getJsonObject("target"))
                              .isEqualTo(new JsonObject().put("id", "t-42"));
                          assertThat(entry.getValue("actor")).isNull();
                          assertThat(entry.getJsonArray("roles")).isEmpty();
                          assertThat(entry.getString("outcome")).isEqualTo("rejected");
                          assertThat(entry.getInteger("status")).isEqualTo(401);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("A command turned away with 429 is not recorded: a flood makes no writes")
  void doesNotRecordTurnedAwayCommands(Vertx vertx, VertxTestContext testContext) {
    node.post("/api/v1/things/t1/busy", null, "{}")
        .compose(
            busy -> {
              testContext.verify(() -> assertThat(busy.statusCode()).isEqualTo(429));
              return node.post("/api/v1/things/t1/explode", null, "{}");
            })
        .compose(response -> recorded(vertx, entries -> !entries.isEmpty()))
        .onComplete(
            testContext.succeeding(
                entries ->
                    testContext.verify(
                        () -> {
                          assertThat(entries)
                              .extracting(entry -> entry.getString("action"))
                              .containsExactly("POST /api/v1/things/:id/explode");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("A command that fails on the server is recorded as failed")
  void recordsFailedCommand(Vertx vertx, VertxTestContext testContext) {
    node.post("/api/v1/things/t1/explode", null, "{}")
        .compose(response -> recorded(vertx, entries -> entries.size() == 1))
        .onComplete(
            testContext.succeeding(
                entries ->
                    testContext.verify(
                        () -> {
                          JsonObject entry = entries.get(0);
                          assertThat(entry.getString("action"))
                              .isEqualTo("POST /api/v1/things/:id/explode");
                          assertThat(entry.getString("outcome")).isEqualTo("failed");
                          assertThat(entry.getInteger("status")).isEqualTo(500);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("Reads are not commands and are not recorded")
  void readsAreNotRecorded(Vertx vertx, VertxTestContext testContext) {
    String token = node.token("p1", Roles.PROVIDER);
    node.get("/api/v1/things/t1", token)
        .compose(
            read -> node.client.delete("/api/v1/things/t1").bearerTokenAuthentication(token).send())
        .compose(deleted -> recorded(vertx, entries -> !entries.isEmpty()))
        .onComplete(
            testContext.succeeding(
                entries ->
                    testContext.verify(
                        () -> {
                          assertThat(entries)
                              .extracting(e -> e.getString("action"))
                              .containsExactly("DELETE /api/v1/things/:id");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "The log is filtered by exact service, actor, action and outcome, and by time, newest first")
  void queriesFilter(VertxTestContext testContext) {
    seed()
        .compose(
            seeded ->
                Future.all(
                    List.of(
                        query("?service=things"),
                        query("?actor=a2&outcome=rejected"),
                        query("?action=" + encode("POST /api/v1/listings")),
                        query("?since=" + T0.plusSeconds(60) + "&until=" + T0.plusSeconds(180)),
                        query("?actor=" + encode("{\"$ne\":null}")))))
        .onComplete(
            testContext.succeeding(
                results ->
                    testContext.verify(
                        () -> {
                          JsonObject byService = results.resultAt(0);
                          assertThat(byService.getLong("total")).isEqualTo(3);
                          assertThat(ids(byService)).containsExactly("e3", "e1");
                          assertThat(ids(results.resultAt(1))).containsExactly("e2", "e1");
                          assertThat(ids(results.resultAt(2))).containsExactly("e3", "e0");
                          assertThat(ids(results.resultAt(3))).containsExactly("e2", "e1");
                          assertThat(((JsonObject) results.resultAt(4)).getLong("total")).isZero();
                          JsonObject item = byService.getJsonArray("items").getJsonObject(0);
                          assertThat(item.getString("at"))
                              .isEqualTo(T0.plusSeconds(180).toString());
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("Page size is capped at http.max-page-size and later pages continue the list")
  void queriesArePaginated(VertxTestContext testContext) {
    seed()
        .compose(seeded -> Future.all(query("?size=1000"), query("?size=1000&page=3")))
        .onComplete(
            testContext.succeeding(
                results ->
                    testContext.verify(
                        () -> {
                          JsonObject first = results.resultAt(0);
                          assertThat(first.getInteger("size")).isEqualTo(2);
                          assertThat(first.getLong("total")).isEqualTo(5);
                          assertThat(first.getLong("totalPages")).isEqualTo(3);
                          assertThat(ids(first)).containsExactly("e4", "e3");
                          assertThat(ids(results.resultAt(1))).containsExactly("e0");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "Unknown parameters, operator-shaped names, bad times, outcomes and services are 400s")
  void badQueriesAreRejected(VertxTestContext testContext) {
    List<String> queries =
        List.of(
            "?actor%5B%24ne%5D=x",
            "?colour=red",
            "?since=yesterday",
            "?outcome=maybe",
            "?page=x",
            "?service=thingses",
            "?service=nowhere");
    var checkpoint = testContext.checkpoint(queries.size());
    for (String query : queries) {
      node.get("/api/v1/commands" + query, admin)
          .onComplete(
              testContext.succeeding(
                  response ->
                      testContext.verify(
                          () -> {
                            assertProblem(response, 400);
                            checkpoint.flag();
                          })));
    }
  }

  @Test
  @DisplayName("Only admins may read the log: 401 without a token, 403 for other roles")
  void queriesAreAdminOnly(VertxTestContext testContext) {
    String provider = node.token("p1", Roles.PROVIDER);
    Future<HttpResponse<Buffer>> anonymous = node.get("/api/v1/commands", null);
    Future<HttpResponse<Buffer>> notAdmin = node.get("/api/v1/commands", provider);
    Future<HttpResponse<Buffer>> oneNotAdmin = node.get("/api/v1/commands/e1", provider);
    Future.all(anonymous, notAdmin, oneNotAdmin)
        .onComplete(
            testContext.succeeding(
                done ->
                    testContext.verify(
                        () -> {
                          assertProblem(anonymous.result(), 401);
                          assertProblem(notAdmin.result(), 403);
                          assertProblem(oneNotAdmin.result(), 403);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("One entry is read by id; an unknown id is a 404 and a malformed one a 400")
  void readsOneEntry(VertxTestContext testContext) {
    seed()
        .compose(
            seeded ->
                Future.all(
                    node.get("/api/v1/commands/e2", admin),
                    node.get("/api/v1/commands/nope", admin),
                    node.get("/api/v1/commands/" + encode("e2.x$"), admin)))
        .onComplete(
            testContext.succeeding(
                results ->
                    testContext.verify(
                        () -> {
                          HttpResponse<Buffer> found = results.resultAt(0);
                          assertThat(found.statusCode()).isEqualTo(200);
                          assertThat(found.bodyAsJsonObject().getString("action"))
                              .isEqualTo("POST /api/v1/carts/me/items");
                          assertProblem(results.resultAt(1), 404);
                          assertProblem(results.resultAt(2), 400);
                          testContext.completeNow();
                        })));
  }
}
