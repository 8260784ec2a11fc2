package io.tourbook.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.ThingsService;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class NodeHealthTest {

  @BeforeEach
  void reset() {
    TestBackingServices.get().reset();
  }

  /** A port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, String> statuses(JsonArray checks) {
    return checks.stream()
        .map(JsonObject.class::cast)
        .collect(Collectors.toMap(c -> c.getString("id"), c -> c.getString("status")));
  }

  /** The reason of each DOWN check. */
  private static Map<String, String> reasons(JsonArray checks) {
    return checks.stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("status").equals("DOWN"))
        .collect(
            Collectors.toMap(
                c -> c.getString("id"), c -> c.getJsonObject("data").getString("reason")));
  }

  private static JsonObject group(HttpResponse<Buffer> response, String id) {
    return response.bodyAsJsonObject().getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("/health/ready is 200 with every dependency UP")
  void healthyWithMongo(Vertx vertx, VertxTestContext testContext) {
    ThingsService.node(vertx, TestBackingServices.get().config())
        .compose(node -> node.get("/health/ready", null))
        .onComplete(
            testContext.succeeding(
                response ->
                    testContext.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          JsonObject body = response.bodyAsJsonObject();
                          assertThat(body.getString("status")).isEqualTo("UP");
                          assertThat(
                                  statuses(group(response, "dependencies").getJsonArray("checks")))
                              .containsOnly(
                                  Map.entry("mongo", "UP"),
                                  Map.entry("redis", "UP"),
                                  Map.entry("sqs", "UP"),
                                  Map.entry("smtp", "UP"));
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "/health/ready is 503 naming each unreachable dependency and why; a reachable SQS endpoint"
          + " is UP")
  void unreachableDependenciesAreDown(Vertx vertx, VertxTestContext testContext)
      throws IOException {
    int closed = closedPort();
    JsonObject config = TestBackingServices.get().config();
    config.put("health", new JsonObject().put("timeout-ms", 1000));
    config.getJsonObject("redis").put("url", "redis://127.0.0.1:" + closed);
    config.getJsonObject("smtp").put("host", "127.0.0.1").put("port", closed);
    // Any HTTP answer, even an error for a bare GET, shows the SQS endpoint is there.
    Future<HttpServer> sqs =
        vertx
            .createHttpServer()
            .requestHandler(request -> request.response().setStatusCode(400).end())
            .listen(0, "127.0.0.1");
    sqs.compose(
            server -> {
              config
                  .getJsonObject("sqs")
                  .put("endpoint", "http://127.0.0.1:" + server.actualPort());
              return ThingsService.node(vertx, config);
            })
        .compose(node -> node.get("/health/ready", null))
        .onComplete(
            testContext.succeeding(
                response ->
                    testContext.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(503);
                          JsonObject body = response.bodyAsJsonObject();
                          assertThat(body.getString("status")).isEqualTo("DOWN");
                          JsonArray dependencies =
                              group(response, "dependencies").getJsonArray("checks");
                          assertThat(reasons(dependencies))
                              .containsOnly(
                                  Map.entry("redis", "connection refused"),
                                  Map.entry("smtp", "connection refused"));
                          assertThat(statuses(dependencies))
                              .containsOnly(
                                  Map.entry("mongo", "UP"),
                                  Map.entry("redis", "DOWN"),
                                  Map.entry("smtp", "DOWN"),
                                  Map.entry("sqs", "UP"));
                          assertThat(response.bodyAsString())
                              .doesNotContain(String.valueOf(closed));
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName(
      "/health/ready (and its aliases /ready and /health) reports every group, so a failing"
          + " subscription makes it 503 while /health/live stays 200")
  void readinessIncludesOtherGroups(Vertx vertx, VertxTestContext testContext) {
    ThingsService.node(vertx, TestBackingServices.get().config())
        .compose(
            node -> {
              node.node
                  .readiness()
                  .register("subscriptions/listing.listings.iam", p -> p.complete(Status.KO()));
              return Future.all(
                  node.get("/ready", null),
                  node.get("/health/live", null),
                  node.get("/health", null),
                  node.get("/health/ready", null));
            })
        .onComplete(
            testContext.succeeding(
                results ->
                    testContext.verify(
                        () -> {
                          HttpResponse<Buffer> ready = results.resultAt(0);
                          HttpResponse<Buffer> health = results.resultAt(1);
                          assertThat(ready.statusCode()).isEqualTo(503);
                          assertThat(group(ready, "subscriptions").getString("status"))
                              .isEqualTo("DOWN");
                          assertThat(group(ready, "dependencies").getString("status"))
                              .isEqualTo("UP");
                          assertThat(health.statusCode()).isEqualTo(200);
                          for (int alias = 2; alias < 4; alias++) {
                            HttpResponse<Buffer> same = results.resultAt(alias);
                            assertThat(same.statusCode()).isEqualTo(503);
                            assertThat(group(same, "subscriptions").getString("status"))
                                .isEqualTo("DOWN");
                          }
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("A node with no dependency checks is healthy")
  void noDependenciesIsHealthy(Vertx vertx, VertxTestContext testContext) {
    NodeHealth health = NodeHealth.create(vertx, new JsonObject());
    Router router = Router.router(vertx);
    router.get("/health").handler(NodeHealth.readiness(health.checks()));
    vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .compose(
            server ->
                WebClient.create(vertx).get(server.actualPort(), "127.0.0.1", "/health").send())
        .onComplete(
            testContext.succeeding(
                response ->
                    testContext.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          assertThat(response.bodyAsJsonObject().getString("status"))
                              .isEqualTo("UP");
                          testContext.completeNow();
                        })));
  }
}
