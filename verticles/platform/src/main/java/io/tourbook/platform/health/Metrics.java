package io.tourbook.platform.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Prometheus metrics: Vert.x's own (HTTP server and client, event bus, pools), the JVM's, and the
 * platform's custom meters (e.g. subscription lag) registered on {@link #registry()}.
 */
public final class Metrics {

  private Metrics() {}

  /** The metrics options the launcher puts into {@code VertxOptions}. */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
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
}
