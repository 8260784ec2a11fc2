package io.tourbook.platform.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus metrics: Vert.x's own (HTTP server and client, event bus, pools), the JVM's, and the
 * platform's custom meters (e.g. subscription lag) registered on {@link #registry()}. Timers
 * publish histogram buckets, so percentiles can be computed and aggregated across nodes; HTTP
 * server metrics carry the matched route (a pattern such as {@code /api/v1/tours>/:id}, never the
 * raw path), the method and the status code.
 */
public final class Metrics {

  private Metrics() {}

  /** The metrics options the launcher puts into {@code VertxOptions}. */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setPrometheusOptions(
            new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true))
        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE)
        .setJvmMetricsEnabled(true)
        .setEnabled(true);
  }

  /**
   * The registry for custom meters. When Vert.x runs without metrics (some tests), Micrometer's
   * global registry, where meters cost nothing and go nowhere.
   */
  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : io.micrometer.core.instrument.Metrics.globalRegistry;
  }

  /** Serves the Prometheus text format; 404 when this Vert.x runs without metrics. */
  public static Handler<RoutingContext> scrapeHandler() {
    return ctx -> {
      if (BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry prometheus) {
        PrometheusScrapingHandler.create(prometheus).handle(ctx);
      } else {
        ctx.fail(ApiException.notFound("Metrics are not enabled on this node."));
      }
    };
  }

  /**
   * A counter of ours, with the description Prometheus shows as its HELP: registered on first use,
   * the same counter afterwards.
   *
   * @param tags alternating tag names and values
   */
  public static Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry());
  }

  /** A gauge of ours reading {@code value} of {@code owner}, described like {@link #counter}. */
  public static <T> void gauge(
      String name, String description, T owner, ToDoubleFunction<T> value, String... tags) {
    Gauge.builder(name, owner, value).description(description).tags(tags).register(registry());
  }
}
