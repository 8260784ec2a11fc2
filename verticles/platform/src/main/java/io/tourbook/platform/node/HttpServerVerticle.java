package io.tourbook.platform.node;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.audit.CommandAudit;
import io.tourbook.platform.auth.JwtKeys;
import io.tourbook.platform.auth.OidcDiscovery;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.health.NodeHealth;
import io.tourbook.platform.http.ApiErrors;
import io.tourbook.platform.http.DocumentedQueries;
import io.tourbook.platform.http.RoutePatterns;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The node's HTTP server. Each instance builds its own router: CORS when origins are configured,
 * the node's own routes ({@link #platformRoutes}), and under {@code /api/v1/<mount>} the sub-router
 * of every service registered in {@link NodeContext#routes()}, behind the command audit and a
 * size-limited body handler. Every failure, and every request that matches no route, is answered by
 * {@link ApiErrors}. Connections are bounded by {@link ConnectionLimits}: idle and header-read
 * timeouts, and a cap on the connections the node holds open at once.
 */
public final class HttpServerVerticle extends VerticleBase {

  private static final String API_PREFIX = "/api/v1/";
  private static final long DEFAULT_BODY_LIMIT = 65536;
  private static final Set<HttpMethod> CORS_METHODS =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.PATCH,
          HttpMethod.DELETE);
  private static final Set<String> CORS_HEADERS =
      Set.of("Authorization", "Content-Type", "Idempotency-Key");
  private static final Set<String> CORS_EXPOSED_HEADERS = Set.of("Location", "Retry-After");

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
        .executeBlocking(() -> OpenApiDocument.build(mounts.keySet(), node.routes().tables()))
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
    cors(http).ifPresent(cors -> router.route().handler(cors));
    platformRoutes(openApi).addTo(router);

    // The audit comes first so that even a request rejected for its size is on record.
    mounts
        .keySet()
        .forEach(
            mount ->
                router
                    .route(API_PREFIX + mount + "*")
                    .handler(audit.handler(node.routes().service(mount))));
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
   * The node's own routes, open to anyone: the probes ({@code /health/live}; {@code /health/ready},
   * also at {@code /health} and {@code /ready}), the metrics, this API's document, and the OIDC
   * discovery of its tokens.
   */
  private RouteTable platformRoutes(String openApi) {
    Handler<RoutingContext> ready = NodeHealth.readiness(node.readiness());
    JwtKeys keys = node.auth().keys();
    return new RouteTable(node.auth())
        .add(
            HttpMethod.GET,
            "/health/live",
            Access.PUBLIC,
            NodeHealth.liveness(vertx, node.config()))
        .add(HttpMethod.GET, "/health/ready", Access.PUBLIC, ready)
        .add(HttpMethod.GET, "/health", Access.PUBLIC, ready)
        .add(HttpMethod.GET, "/ready", Access.PUBLIC, ready)
        .add(HttpMethod.GET, "/metrics", Access.PUBLIC, Metrics.scrapeHandler())
        .add(
            HttpMethod.GET,
            "/openapi.json",
            Access.PUBLIC,
            ctx ->
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(openApi))
        .add(
            HttpMethod.GET,
            OidcDiscovery.CONFIGURATION_PATH,
            Access.PUBLIC,
            OidcDiscovery.configurationHandler(keys))
        .add(
            HttpMethod.GET,
            OidcDiscovery.JWKS_PATH,
            Access.PUBLIC,
            OidcDiscovery.jwksHandler(keys));
  }

  /**
   * CORS for the origins of {@code http.cors.allowed-origins} (none by default: no handler, so a
   * preflight is refused like any OPTIONS request, with 405). A request from another origin is a
   * 403.
   */
  private static Optional<CorsHandler> cors(JsonObject http) {
    JsonObject cors = http.getJsonObject("cors", new JsonObject());
    List<String> origins =
        cors.getJsonArray("allowed-origins", new JsonArray()).stream()
            .map(String::valueOf)
            .map(String::strip)
            .filter(origin -> !origin.isEmpty())
            .toList();
    if (origins.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        CorsHandler.create()
            .addOrigins(origins)
            .allowedMethods(CORS_METHODS)
            .allowedHeaders(CORS_HEADERS)
            .exposedHeaders(CORS_EXPOSED_HEADERS)
            .maxAgeSeconds(cors.getInteger("max-age-seconds", 600)));
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
