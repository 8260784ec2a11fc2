package io.tourbook.platform.health;

import io.netty.channel.EventLoopGroup;
import io.tourbook.platform.mongo.MongoDatabases;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's probes. Liveness ({@code /health/live}) is the process and its event loops, and
 * depends on nothing else. Readiness ({@code /health/ready}) is every check of one {@link
 * HealthChecks} per node: the backing services this node is configured with under {@code
 * dependencies/<name>}, and what services and subscriptions add under other groups (e.g. {@code
 * subscriptions/<id>}). Every check runs at most once per {@code health.cache-ms} whatever the
 * number of probes ({@link CachedChecks}), and a DOWN check says why in {@code data.reason}.
 */
public final class NodeHealth {

  public static final String DEPENDENCIES = "dependencies";

  private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);
  private static final long DEFAULT_TIMEOUT_MS = 2000;
  private static final long DEFAULT_CACHE_MS = 1000;

  /** How {@link HealthChecks#checkStatus(String)} reports a group that has no checks yet. */
  private static final String NOT_FOUND = "Not found";

  private final HealthChecks checks;
  private final List<Supplier<Future<?>>> closers = new ArrayList<>();

  private NodeHealth(HealthChecks checks) {
    this.checks = checks;
  }

  /**
   * Registers a check for each backing service that {@code config} names: MongoDB ({@code
   * mongo.uri}, ping), Redis ({@code redis.url}, PING), SQS ({@code sqs.endpoint}, HTTP GET) and
   * SMTP ({@code smtp.host}/{@code smtp.port}, TCP connect), each bounded by {@code
   * health.timeout-ms}.
   */
  public static NodeHealth create(Vertx vertx, JsonObject config) {
    JsonObject settings = config.getJsonObject("health", new JsonObject());
    long timeoutMs = settings.getLong("timeout-ms", DEFAULT_TIMEOUT_MS);
    long cacheMs = settings.getLong("cache-ms", DEFAULT_CACHE_MS);
    NodeHealth health =
        new NodeHealth(new CachedChecks(vertx, HealthChecks.create(vertx), cacheMs, timeoutMs));
    MongoDatabases mongo = MongoDatabases.from(vertx, config);
    if (mongo.configured()) {
      health.mongo(mongo, timeoutMs);
    }
    String redisUrl = setting(config, "redis", "url");
    if (!redisUrl.isBlank()) {
      health.redis(vertx, redisUrl, timeoutMs);
    }
    String sqsEndpoint = setting(config, "sqs", "endpoint");
    if (!sqsEndpoint.isBlank()) {
      health.sqs(vertx, sqsEndpoint, timeoutMs);
    }
    String smtpHost = setting(config, "smtp", "host");
    if (!smtpHost.isBlank()) {
      int port = config.getJsonObject("smtp").getInteger("port", 25);
      health.smtp(vertx, smtpHost, port, timeoutMs);
    }
    return health;
  }

  /** The node's checks; the same instance is {@code NodeContext.readiness()}. */
  public HealthChecks checks() {
    return checks;
  }

  /** Releases the clients the checks use. */
  public Future<Void> close() {
    List<Future<?>> closing = closers.stream().<Future<?>>map(Supplier::get).toList();
    return Future.join(closing).mapEmpty();
  }

  /**
   * Liveness: 200 while every event loop of this Vert.x instance runs a task within {@code
   * health.timeout-ms}; 503 naming the first that does not (a loop blocked that long serves
   * nobody).
   */
  public static Handler<RoutingContext> liveness(Vertx vertx, JsonObject config) {
    long timeoutMs =
        config.getJsonObject("health", new JsonObject()).getLong("timeout-ms", DEFAULT_TIMEOUT_MS);
    EventLoopGroup loops = ((VertxInternal) vertx).nettyEventLoopGroup();
    return ctx -> {
      Context context = Vertx.currentContext();
      List<Promise<Void>> pings = new ArrayList<>();
      loops.forEach(
          loop -> {
            Promise<Void> ran = Promise.promise();
            loop.execute(ran::tryComplete);
            pings.add(ran);
          });
      Promise<Status> live = Promise.promise();
      long timer =
          vertx.setTimer(
              timeoutMs,
              id -> {
                int stuck = 0;
                while (stuck < pings.size() && pings.get(stuck).future().isComplete()) {
                  stuck++;
                }
                live.tryComplete(
                    CachedChecks.down(
                        "event loop " + stuck + " did not run a task within " + timeoutMs + " ms"));
              });
      Future.all(pings.stream().map(Promise::future).toList())
          .onSuccess(
              all ->
                  live.tryComplete(Status.OK(new JsonObject().put("event-loops", pings.size()))));
      live.future()
          .onComplete(
              status -> {
                vertx.cancelTimer(timer);
                JsonObject check =
                    new JsonObject()
                        .put("id", "event-loops")
                        .put("status", status.result().isOk() ? "UP" : "DOWN")
                        .put("data", status.result().getData());
                JsonObject body =
                    new JsonObject()
                        .put("status", check.getString("status"))
                        .put("checks", new JsonArray().add(check));
                context.runOnContext(v -> answer(ctx, body));
              });
    };
  }

  /**
   * Readiness: answers with the status of every check, 200 when all are UP, 503 otherwise. A node
   * with no checks is UP.
   */
  public static Handler<RoutingContext> readiness(HealthChecks checks) {
    return ctx ->
        checks
            .checkStatus()
            .map(NodeHealth::toJson)
            .recover(
                error ->
                    NOT_FOUND.equals(error.getMessage())
                        ? Future.succeededFuture(
                            new JsonObject().put("status", "UP").put("checks", new JsonArray()))
                        : Future.failedFuture(error))
            .onSuccess(body -> answer(ctx, body))
            .onFailure(ctx::fail);
  }

  private static void answer(RoutingContext ctx, JsonObject body) {
    ctx.response()
        .setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  private static JsonObject toJson(CheckResult result) {
    JsonObject json = result.toJson();
    json.remove("outcome");
    return json;
  }

  private void mongo(MongoDatabases mongo, long timeoutMs) {
    MongoClient client =
        mongo.client(
            "admin",
            "tourbook.health",
            new JsonObject()
                .put("serverSelectionTimeoutMS", timeoutMs)
                .put("connectTimeoutMS", timeoutMs)
                .put("maxPoolSize", 2));
    closers.add(client::close);
    register("mongo", timeoutMs, () -> client.runCommand("ping", new JsonObject().put("ping", 1)));
  }

  private void redis(Vertx vertx, String url, long timeoutMs) {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    closers.add(
        () -> {
          client.close();
          return Future.succeededFuture();
        });
    register("redis", timeoutMs, () -> client.send(Request.cmd(Command.PING)));
  }

  private void sqs(Vertx vertx, String endpoint, long timeoutMs) {
    WebClient client =
        WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeoutMs));
    closers.add(
        () -> {
          client.close();
          return Future.succeededFuture();
        });
    register(
        "sqs",
        timeoutMs,
        () ->
            client
                .getAbs(endpoint)
                .timeout(timeoutMs)
                .send()
                .compose(
                    response ->
                        response.statusCode() < 500
                            ? Future.succeededFuture()
                            : Future.failedFuture("HTTP " + response.statusCode())));
  }

  private void smtp(Vertx vertx, String host, int port, long timeoutMs) {
    NetClient client =
        vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) timeoutMs));
    closers.add(client::close);
    register("smtp", timeoutMs, () -> client.connect(port, host).compose(socket -> socket.close()));
  }

  /**
   * A failed probe fails its promise: {@link CachedChecks} turns that into DOWN with the reason.
   */
  private void register(String name, long timeoutMs, Supplier<Future<?>> probe) {
    checks.register(
        DEPENDENCIES + "/" + name,
        timeoutMs,
        (Promise<Status> promise) ->
            probe
                .get()
                .onSuccess(ok -> promise.tryComplete(Status.OK()))
                .onFailure(
                    failure -> {
                      LOG.debug("Health check {} failed", name, failure);
                      promise.tryFail(failure);
                    }));
  }

  private static String setting(JsonObject config, String section, String key) {
    return config.getJsonObject(section, new JsonObject()).getString(key, "");
  }
}
