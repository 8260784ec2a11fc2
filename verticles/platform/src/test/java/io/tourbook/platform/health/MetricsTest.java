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
  @DisplayName(
      "/metrics serves Prometheus text: HTTP latency histograms by route, method and code, event"
          + " bus, JVM, and our meters with their HELP")
  void servesPrometheusText(VertxTestContext testContext) {
    Metrics.counter("tourbook.test.events", "Events the test counted", "kind", "test").increment();
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
                          String text = response.bodyAsString();
                          assertThat(text)
                              .contains("vertx_http_server_requests_total")
                              .contains("vertx_eventbus_handlers")
                              .contains("vertx_eventbus_sent_total")
                              .contains("jvm_memory_used_bytes")
                              .contains("# HELP tourbook_test_events_total Events the test counted")
                              .contains("tourbook_test_events_total{kind=\"test\"} 1.0");
                          assertThat(text.lines())
                              .as("a latency bucket of the thing's route")
                              .anySatisfy(
                                  line ->
                                      assertThat(line)
                                          .startsWith(
                                              "vertx_http_server_response_time_seconds_bucket{")
                                          .contains("code=\"200\"", "method=\"GET\"")
                                          .containsPattern("route=\"[^\"]*/:id\""));
                          testContext.completeNow();
                        })));
  }
}
