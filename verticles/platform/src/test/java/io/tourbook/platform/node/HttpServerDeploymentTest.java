package io.tourbook.platform.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.ThingsService;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpServerDeploymentTest {

  @BeforeEach
  void reset() {
    TestBackingServices.get().reset();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  @DisplayName("Several instances share the configured port")
  void instancesShareThePort(Vertx vertx, VertxTestContext testContext) throws IOException {
    int port = freePort();
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("http").put("port", port).put("host", "127.0.0.1").put("instances", 3);
    ThingsService.node(vertx, config)
        .compose(
            node -> {
              testContext.verify(() -> assertThat(node.port).isEqualTo(port));
              return Future.all(
                  List.of(
                      node.get("/health", null),
                      node.get("/ready", null),
                      node.get("/openapi.json", null)));
            })
        .onComplete(
            testContext.succeeding(
                responses ->
                    testContext.verify(
                        () -> {
                          assertThat(responses.<HttpResponse<Buffer>>list())
                              .extracting(HttpResponse::statusCode)
                              .containsOnly(200);
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("http.instances 0 means one per core, but port 0 always gets a single instance")
  void ephemeralPortDeploysOneInstance() {
    JsonObject config =
        new JsonObject().put("http", new JsonObject().put("port", 0).put("instances", 0));
    assertThat(HttpServerVerticle.instances(config)).isEqualTo(1);
    config.getJsonObject("http").put("port", 8080);
    assertThat(HttpServerVerticle.instances(config))
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    config.getJsonObject("http").put("instances", 3);
    assertThat(HttpServerVerticle.instances(config)).isEqualTo(3);
  }

  @Test
  @DisplayName("A port that cannot be bound fails the deployment")
  void failedListenFailsDeployment(Vertx vertx, VertxTestContext testContext) throws IOException {
    ServerSocket taken = new ServerSocket(0);
    JsonObject config = TestBackingServices.get().config();
    config.getJsonObject("http").put("port", taken.getLocalPort()).put("host", "127.0.0.1");
    ThingsService.node(vertx, config)
        .onComplete(
            testContext.failing(
                error -> {
                  testContext.verify(
                      () -> {
                        assertThat(error).hasMessageContaining("Address already in use");
                        assertThat(vertx.deploymentIDs()).isEmpty();
                      });
                  try {
                    taken.close();
                  } catch (IOException e) {
                    testContext.failNow(e);
                    return;
                  }
                  testContext.completeNow();
                }));
  }
}
