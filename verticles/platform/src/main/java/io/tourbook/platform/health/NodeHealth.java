package io.tourbook.platform.health;

import io.tourbook.platform.mongo.MongoDatabases;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's health checks, one {@link HealthChecks} per node. The backing services this node is
 * configured with are checked under {@code dependencies/<name>}; services and subscriptions add
 * their own checks under other groups (e.g. {@code subscriptions/<id>}). {@code /health} reports
 * the dependencies group, {@code /ready} everything.
 */
public final class NodeHealth {

  public static final String DEPENDENCIES = "dependencies";

  private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);
  private static final long DEFAULT_TIMEOUT_MS = 2000;

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
    NodeHealth health = new NodeHealth(HealthChecks.create(vertx));
    long timeoutMs =
        config.getJsonObject("health", new JsonObject()).getLong("timeout-ms", DEFAULT_TIMEOUT_MS);
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
   * Answers with the status of {@code group}, or of every check when {@code group} is null: 200
   * when all are UP, 503 otherwise. A group with no checks is UP.
   */
  public static Handler<RoutingContext> handler(HealthChecks checks, String group) {
    return ctx -> {
      Future<CheckResult> status = group == null ? checks.checkStatus() : checks.checkStatus(group);
      status
          .map(NodeHealth::toJson)
          .recover(
              error ->
                  NOT_FOUND.equals(error.getMessage())
                      ? Future.succeededFuture(
                          new JsonObject().put("status", "UP").put("checks", new JsonArray()))
                      : Future.failedFuture(error))
          .onSuccess(
              body ->
                  ctx.response()
                      .setStatusCode("UP".equals(body.getString("status")) ? 200 : 503)
                      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                      .end(body.encode()))
          .onFailure(ctx::fail);
    };
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
    register(
        "mongo",
        timeoutMs,
        () -> client.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty());
  }

  private void redis(Vertx vertx, String url, long timeoutMs) {
    Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    closers.add(
        () -> {
          client.close();
          return Future.succeededFuture();
        });
    register(
        "redis",
        timeoutMs,
        () -> client.send(Request.cmd(Command.PING)).timeout(timeoutMs, TimeUnit.MILLISECONDS));
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

  private void register(String name, long timeoutMs, Supplier<Future<?>> probe) {
    checks.register(
        DEPENDENCIES + "/" + name,
        timeoutMs,
        (Promise<Status> promise) ->
            probe
                .get()
                .onComplete(
                    // The health-check timeout may have completed the promise already.
                    result -> {
                      if (result.succeeded()) {
                        promise.tryComplete(Status.OK());
                      } else {
                        LOG.debug("Health check {} failed", name, result.cause());
                        promise.tryComplete(Status.KO());
                      }
                    }));
  }

  private static String setting(JsonObject config, String section, String key) {
    return config.getJsonObject(section, new JsonObject()).getString(key, "");
  }
}
