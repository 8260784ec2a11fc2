package io.tourbook.platform.node;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.audit.CommandAudit;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.health.NodeHealth;
import io.tourbook.platform.http.ApiErrors;
import io.tourbook.platform.http.DocumentedQueries;
import io.tourbook.platform.http.RoutePatterns;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The node's HTTP server. Each instance builds its own router: {@code /health}, {@code /ready},
 * {@code /metrics}, {@code /openapi.json}, and under {@code /api/v1/<mount>} the sub-router of
 * every service registered in {@link NodeContext#routes()}, behind the command audit and a
 * size-limited body handler. Every failure, and every request that matches no route, is answered by
 * {@link ApiErrors}. Connections are bounded by {@link ConnectionLimits}: idle and header-read
 * timeouts, and a cap on the connections the node holds open at once.
 */
public final class HttpServerVerticle extends VerticleBase {

  private static final String API_PREFIX = "/api/v1/";
  private static final long DEFAULT_BODY_LIMIT = 65536;

  private final NodeContext node;
  private final CommandAudit audit;
  private final AtomicInteger openConnections;
  private HttpServer server;

  /**
   * @param audit the node's command audit, shared by every instance
   * @param openConnections the node's count of open connections, shared by every instance so that
   *     {@code http.max-connections} bounds the node and not each instance
   */
  public HttpServerVerticle(NodeContext node, CommandAudit audit, AtomicInteger openConnections) {
    this.node = node;
    this.audit = audit;
    this.openConnections = openConnections;
  }

  /** What {@link #deploy} started: the deployment and the port the server listens on. */
  public record Deployment(String deploymentId, int port) {}

  /**
   * Deploys {@link #instances(JsonObject)} instances sharing one server socket and completes with
   * the port they listen on (useful with {@code http.port: 0}).
   */
  public static Future<Deployment> deploy(Vertx vertx, NodeContext node, CommandAudit audit) {
    List<HttpServerVerticle> started = new CopyOnWriteArrayList<>();
    AtomicInteger openConnections = new AtomicInteger();
    return vertx
        .deployVerticle(
            () -> {
              HttpServerVerticle verticle = new HttpServerVerticle(node, audit, openConnections);
              started.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(instances(node.config())))
        .map(id -> new Deployment(id, started.get(0).actualPort()));
  }

  /**
   * {@code http.instances}, where 0 means one per core. With {@code http.port: 0} it is 1: each
   * instance would bind its own ephemeral port, and only one of them would be known.
   */
  public static int instances(JsonObject config) {
    if (http(config).getInteger("port", 8080) == 0) {
      return 1;
    }
    int configured = http(config).getInteger("instances", 0);
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** The port this instance listens on; only meaningful once started. */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    JsonObject http = http(node.config());
    ConnectionLimits limits;
    try {
      limits = ConnectionLimits.from(http);
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(invalid);
    }
    Map<String, Function<Vertx, Router>> mounts = node.routes().factories();
    return vertx
        .executeBlocking(() -> OpenApiDocument.build(mounts.keySet()))
        .compose(
            openApi ->
                vertx
                    // Cleartext HTTP/2 (h2c) is off: no deployment uses it (the load balancer
                    // speaks HTTP/1.1 to the nodes), an upgraded request lost its end in the
                    // audit log (recorded as aborted), and h2c upgrades are a known way to
                    // smuggle requests past a proxy.
                    .createHttpServer(
                        new HttpServerOptions()
                            .setHttp2ClearTextEnabled(false)
                            .setIdleTimeout((int) limits.idleTimeoutMs())
                            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
                    .connectionHandler(connection -> guard(connection, limits))
                    .requestHandler(router(http, mounts, openApi))
                    .listen(http.getInteger("port", 8080), http.getString("host", "0.0.0.0")))
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * Closes a connection beyond the node's cap at once; guards the others with a {@link
   * ConnectionGuard}. Vert.x has no public hook into a connection's pipeline, hence its internal
   * {@link HttpServerConnection}; with h2c off every connection is HTTP/1.1 and has one.
   */
  private void guard(HttpConnection connection, ConnectionLimits limits) {
    if (openConnections.incrementAndGet() > limits.maxConnections()) {
      openConnections.decrementAndGet();
      connection.close();
      return;
    }
    connection.closeHandler(closed -> openConnections.decrementAndGet());
    ((HttpServerConnection) connection)
        .channelHandlerContext()
        .pipeline()
        .addBefore("handler", ConnectionGuard.NAME, new ConnectionGuard(limits.headerTimeoutMs()));
  }

  private Router router(
      JsonObject http, Map<String, Function<Vertx, Router>> mounts, JsonObject document) {
    String openApi = document.encode();
    Router router = Router.router(vertx);
    router.route().failureHandler(ApiErrors.handler());
    router.errorHandler(404, ApiErrors.handler());
    router.errorHandler(405, ApiErrors.handler());

    router.get("/health").handler(NodeHealth.handler(node.readiness(), NodeHealth.DEPENDENCIES));
    router.get("/ready").handler(NodeHealth.handler(node.readiness(), null));
    router.get("/metrics").handler(Metrics.scrapeHandler());
    router
        .get("/openapi.json")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(openApi));

    // The audit comes first so that even a request rejected for its size is on record.
    mounts
        .keySet()
        .forEach(mount -> router.route(API_PREFIX + mount + "*").handler(audit.handler(mount)));
    router.route("/api/*").handler(HttpServerVerticle::refuseForms);
    router.route("/api/*").handler(DocumentedQueries.from(document).publisher());
    router
        .route("/api/*")
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(http.getLong("body-limit-bytes", DEFAULT_BODY_LIMIT)));
    mounts.forEach(
        (mount, factory) ->
            router
                .route(API_PREFIX + mount + "*")
                .subRouter(RoutePatterns.track(factory.apply(vertx))));
    return router;
  }

  /**
   * 415 for form and multipart bodies: the API speaks JSON, and the body handler throws (a 500) on
   * such a content type in a request whose method carries no body, such as a GET.
   */
  private static void refuseForms(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
      ctx.fail(415);
    } else {
      ctx.next();
    }
  }

  private static JsonObject http(JsonObject config) {
    return config.getJsonObject("http", new JsonObject());
  }
}
