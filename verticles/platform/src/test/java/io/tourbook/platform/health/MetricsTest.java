package io.tourbook.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.http.ThingsService;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MetricsTest {

  private Vertx metered;

  @BeforeEach
  void start() {
    TestBackingServices.get().reset();
    metered = Vertx.vertx(new VertxOptions().setMetricsOptions(Metrics.options()));
  }

  @AfterEach
  void stop(VertxTestContext testContext) {
    metered.close().onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @DisplayName("/metrics serves Prometheus text with HTTP server, event bus, JVM and custom meters")
  void servesPrometheusText(VertxTestContext testContext) {
    Metrics.registry().counter("tourbook_test_events").increment();
    metered.eventBus().<String>consumer("metrics.test", message -> message.reply("pong"));
    metered
        .eventBus()
        .request("metrics.test", "ping")
        .compose(reply -> ThingsService.node(metered, TestBackingServices.get().config()))
        .compose(
            node ->
                node.get("/health", null)
                    .compose(health -> node.get("/api/v1/things/t1", node.token("u1", "customer")))
                    .compose(thing -> node.get("/metrics", null)))
        .onComplete(
            testContext.succeeding(
                response ->
                    testContext.verify(
                        () -> {
                          assertThat(response.statusCode()).isEqualTo(200);
                          assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
                          assertThat(response.bodyAsString())
                              .contains("vertx_http_server_requests_total")
                              .contains("method=\"GET\"")
                              .contains("vertx_eventbus_handlers")
                              .contains("vertx_eventbus_sent_total")
                              .contains("jvm_memory_used_bytes")
                              .contains("tourbook_test_events_total 1.0");
                          testContext.completeNow();
                        })));
  }
}
