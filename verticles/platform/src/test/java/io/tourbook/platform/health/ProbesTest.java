package io.tourbook.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.embedded.BackingServices;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The probes of a real node on the test backing services: liveness, readiness, their cost. */
@ExtendWith(VertxExtension.class)
class ProbesTest {

  private static final int PROBES = 256;
  private static final long DEADLINE_MS = 20_000;

  @BeforeEach
  void reset() {
    TestBackingServices.get().reset();
  }

  @Test
  @DisplayName(
      "256 concurrent /health/ready probes over four HTTP instances are all 200 while every"
          + " dependency is up")
  void concurrentReadinessProbesAreAllReady(Vertx vertx, VertxTestContext testContext)
      throws IOException {
    WebClient concurrent =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("localhost"),
            new PoolOptions().setHttp1MaxSize(PROBES));
    // Instances on four event loops share each check's result while their probes wait for it.
    JsonObject config = TestBackingServices.get().config();
    try (ServerSocket socket = new ServerSocket(0)) {
      config.getJsonObject("http").put("port", socket.getLocalPort()).put("instances", 4);
    }
    TestNode.start(vertx, config, List.of())
        .compose(
            node -> {
              List<Future<HttpResponse<Buffer>>> probes = new ArrayList<>();
              for (int i = 0; i < PROBES; i++) {
                probes.add(concurrent.get(node.port, "localhost", "/health/ready").send());
              }
              return Future.all(probes)
                  .map(all -> probes.stream().map(Future::result).toList())
                  .eventually(node::stop);
            })
        .onComplete(
            testContext.succeeding(
                responses ->
                    testContext.verify(
                        () -> {
                          assertThat(responses).hasSize(PROBES);
                          assertThat(responses)
                              .allSatisfy(
                                  response -> {
                                    assertThat(response.statusCode())
                                        .as(response.bodyAsString())
                                        .isEqualTo(200);
                                    assertThat(response.bodyAsJsonObject().getString("status"))
                                        .isEqualTo("UP");
                                  });
                          concurrent.close();
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("With Redis stopped, /health/live stays 200 and /health/ready turns 503 saying why")
  void livenessDoesNotDependOnRedis(Vertx vertx, VertxTestContext testContext) {
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("redis").put("url", "");
    config.getJsonObject("embedded").put("persistent", false);
    config.getJsonObject("health").put("cache-ms", 200).put("timeout-ms", 1000);
    BackingServices.start(vertx, config)
        .compose(
            ownRedis ->
                TestNode.start(vertx, ownRedis.settings().applyTo(config), List.of())
                    .compose(
                        node ->
                            node.get("/health/ready", null)
                                .compose(
                                    before -> {
                                      assertThat(before.statusCode()).isEqualTo(200);
                                      return ownRedis.stop(vertx);
                                    })
                                .compose(
                                    stopped ->
                                        poll(
                                            vertx,
                                            node,
                                            "/health/ready",
                                            response -> response.statusCode() == 503))
                                .compose(
                                    ready ->
                                        node.get("/health/live", null)
                                            .map(live -> List.of(ready, live)))
                                .eventually(node::stop))
                    .eventually(() -> ownRedis.stop(vertx)))
        .onComplete(
            testContext.succeeding(
                responses ->
                    testContext.verify(
                        () -> {
                          JsonObject ready = responses.get(0).bodyAsJsonObject();
                          JsonObject redis = check(ready, "dependencies", "redis");
                          assertThat(redis.getString("status")).isEqualTo("DOWN");
                          assertThat(redis.getJsonObject("data").getString("reason")).isNotBlank();
                          assertThat(check(ready, "dependencies", "mongo").getString("status"))
                              .isEqualTo("UP");
                          HttpResponse<Buffer> live = responses.get(1);
                          assertThat(live.statusCode()).as(live.bodyAsString()).isEqualTo(200);
                          assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
                          assertThat(live.bodyAsString()).doesNotContain("redis");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("HEAD on a probe answers its status and headers without a body")
  void headOnAProbe(Vertx vertx, VertxTestContext testContext) {
    TestNode.start(vertx, TestBackingServices.get().config(), List.of())
        .compose(
            node ->
                Future.all(
                        node.request(HttpMethod.HEAD, "/health/live", null).send(),
                        node.request(HttpMethod.HEAD, "/health/ready", null).send())
                    .eventually(node::stop))
        .onComplete(
            testContext.succeeding(
                both ->
                    testContext.verify(
                        () -> {
                          for (int i = 0; i < 2; i++) {
                            HttpResponse<Buffer> head = both.resultAt(i);
                            assertThat(head.statusCode()).isEqualTo(200);
                            assertThat(head.getHeader("Content-Type"))
                                .isEqualTo("application/json");
                            assertThat(head.body()).isNull();
                          }
                          testContext.completeNow();
                        })));
  }

  /** The check {@code id} of {@code group} in a readiness answer. */
  private static JsonObject check(JsonObject body, String group, String id) {
    return body.getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(group))
        .flatMap(c -> c.getJsonArray("checks").stream().map(JsonObject.class::cast))
        .filter(c -> c.getString("id").equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No check " + group + "/" + id + " in " + body));
  }

  /** Asks {@code path} until {@code done} holds, for at most {@link #DEADLINE_MS}. */
  private static Future<HttpResponse<Buffer>> poll(
      Vertx vertx, TestNode node, String path, Predicate<HttpResponse<Buffer>> done) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
    return attempt(vertx, node, path, done, deadline);
  }

  private static Future<HttpResponse<Buffer>> attempt(
      Vertx vertx,
      TestNode node,
      String path,
      Predicate<HttpResponse<Buffer>> done,
      long deadline) {
    return node.get(path, null)
        .compose(
            response -> {
              if (done.test(response)) {
                return Future.succeededFuture(response);
              }
              if (System.nanoTime() > deadline) {
                return Future.failedFuture(
                    new AssertionError(path + " never changed: " + response.bodyAsString()));
              }
              return vertx.timer(100).compose(v -> attempt(vertx, node, path, done, deadline));
            });
  }
}
