package io.tourbook.embedded;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backing services of a node: MongoDB, Redis, SQS and SMTP. Each one that is configured ({@code
 * mongo.uri}, {@code redis.url}, {@code sqs.endpoint}, {@code smtp.host}) is used as it is; each
 * one left empty is started here, embedded, on the loopback interface:
 *
 * <ul>
 *   <li>MongoDB: mongo-java-server with its oplog (change streams work) on the H2 backend, its data
 *       in {@code <data.dir>/mongo/tourbook.mv} (in memory when {@code embedded.persistent} is
 *       false); with {@code embedded.mongo-durable-writes} each reply waits for the commit of what
 *       it wrote,
 *   <li>Redis: a redis-server process from the embedded-redis jar, its append-only file, pid file
 *       and generated password in {@code <data.dir>/redis} (nothing kept when not persistent),
 *   <li>SQS: ElasticMQ,
 *   <li>SMTP: GreenMail, which keeps every message it receives.
 * </ul>
 *
 * <p>Directories the node creates under {@code data.dir} (and {@code data.dir} itself) are 0700,
 * the files of MongoDB and Redis 0600. The {@code embedded.*-port} keys choose the ports (0: free
 * ones). With {@code embedded.enabled: false}, an empty MongoDB, Redis or SMTP setting is an error
 * instead, and an empty SQS endpoint stays empty (the regional AWS endpoint).
 */
public final class BackingServices {

  private static final Logger log = LoggerFactory.getLogger(BackingServices.class);

  private final BackingSettings settings;
  private final EmbeddedMongo mongo;
  private final EmbeddedRedis redis;
  private final EmbeddedSqs sqs;
  private final GreenMail mail;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private BackingServices(
      BackingSettings settings,
      EmbeddedMongo mongo,
      EmbeddedRedis redis,
      EmbeddedSqs sqs,
      GreenMail mail) {
    this.settings = settings;
    this.mongo = mongo;
    this.redis = redis;
    this.sqs = sqs;
    this.mail = mail;
  }

  /**
   * Starts, off the event loop and mostly in parallel, the embedded servers for what {@code config}
   * leaves unconfigured. If one fails to start, the others are stopped again and the future fails.
   */
  public static Future<BackingServices> start(Vertx vertx, JsonObject config) {
    Plan plan;
    try {
      plan = Plan.from(config);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Future.failedFuture(e);
    }
    Future<EmbeddedMongo> mongo =
        startIf(
            vertx,
            plan.mongoUri.isEmpty(),
            () ->
                EmbeddedMongo.start(
                    plan.mongoStore(),
                    plan.mongoDurableWrites,
                    plan.mongoPort,
                    plan.mongoOplogMaxEntries));
    // MongoDB's H2 file lock is what stops two nodes from sharing data.dir, so Redis, whose files
    // live there too, only starts once MongoDB holds it.
    Future<EmbeddedRedis> redis =
        mongo.compose(
            started ->
                startIf(
                    vertx,
                    plan.redisUrl.isEmpty(),
                    () -> EmbeddedRedis.start(plan.redisDir(), plan.redisPort)));
    Future<EmbeddedSqs> sqs =
        startIf(
            vertx,
            plan.sqsEndpoint.isEmpty() && plan.embedded,
            () -> EmbeddedSqs.start(plan.sqsPort, plan.sqsRegion));
    Future<GreenMail> mail =
        startIf(vertx, plan.smtpHost.isEmpty(), () -> EmbeddedSmtp.start(plan.embeddedSmtpPort));
    return Future.join(mongo, redis, sqs, mail)
        .transform(
            all -> {
              BackingServices services =
                  new BackingServices(
                      plan.settings(mongo.result(), redis.result(), sqs.result(), mail.result()),
                      mongo.result(),
                      redis.result(),
                      sqs.result(),
                      mail.result());
              if (all.succeeded()) {
                plan.logExternal();
                return Future.succeededFuture(services);
              }
              return services
                  .stop(vertx)
                  .transform(stoppedAnyway -> Future.failedFuture(all.cause()));
            });
  }

  public BackingSettings settings() {
    return settings;
  }

  /** The embedded GreenMail, to read what was sent; empty when SMTP is external. */
  public Optional<GreenMail> embeddedMail() {
    return Optional.ofNullable(mail);
  }

  /**
   * Empties the embedded in-memory MongoDB, oplog included, keeping its address (tests start from
   * clean data this way). Fails when MongoDB is external or persistent.
   */
  public Future<Void> wipeEmbeddedMongo(Vertx vertx) {
    if (mongo == null) {
      return Future.failedFuture(new IllegalStateException("MongoDB is not embedded"));
    }
    return vertx.executeBlocking(
        () -> {
          mongo.wipe();
          return null;
        });
  }

  /** Stops, off the event loop, the embedded servers this started; a second call does nothing. */
  public Future<Void> stop(Vertx vertx) {
    if (!stopped.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          List<Exception> failures = new ArrayList<>();
          stopQuietly(failures, mail == null ? null : mail::stop);
          stopQuietly(failures, sqs == null ? null : sqs::stop);
          stopQuietly(failures, redis == null ? null : redis::stop);
          stopQuietly(failures, mongo == null ? null : mongo::stop);
          if (!failures.isEmpty()) {
            IllegalStateException failure =
                new IllegalStateException("Embedded backing services did not all stop");
            failures.forEach(failure::addSuppressed);
            throw failure;
          }
          return null;
        },
        false);
  }

  private static <T> Future<T> startIf(Vertx vertx, boolean needed, Callable<T> starter) {
    return needed ? vertx.executeBlocking(starter, false) : Future.succeededFuture();
  }

  private interface Stopper {
    void stop() throws Exception;
  }

  private static void stopQuietly(List<Exception> failures, Stopper stopper) {
    if (stopper == null) {
      return;
    }
    try {
      stopper.stop();
    } catch (Exception e) {
      failures.add(e);
    }
  }

  /**
   * Typed reads of dotted configuration keys. This module sits below the platform (whose tests
   * start these servers), so it reads the merged configuration itself rather than through the
   * platform's {@code ConfigLoader}; every key has a default in {@code config/default.yaml}.
   */
  private static final class Keys {

    private Keys() {}

    static String string(JsonObject config, String dottedPath) {
      Object value = value(config, dottedPath);
      return value == null ? "" : value.toString();
    }

    static int integer(JsonObject config, String dottedPath) {
      return typed(config, dottedPath, Number.class).intValue();
    }

    static long longValue(JsonObject config, String dottedPath) {
      return typed(config, dottedPath, Number.class).longValue();
    }

    static boolean bool(JsonObject config, String dottedPath) {
      return typed(config, dottedPath, Boolean.class);
    }

    private static <T> T typed(JsonObject config, String dottedPath, Class<T> type) {
      Object value = value(config, dottedPath);
      if (!type.isInstance(value)) {
        throw new IllegalArgumentException(
            "Configuration key " + dottedPath + " is not a " + type.getSimpleName().toLowerCase());
      }
      return type.cast(value);
    }

    private static Object value(JsonObject config, String dottedPath) {
      Object current = config;
      for (String key : dottedPath.split("\\.")) {
        if (!(current instanceof JsonObject object) || !object.containsKey(key)) {
          throw new IllegalArgumentException("Missing configuration key: " + dottedPath);
        }
        current = object.getValue(key);
      }
      return current;
    }
  }

  /** What the configuration asks for. */
  private record Plan(
      boolean embedded,
      boolean persistent,
      boolean mongoDurableWrites,
      long mongoOplogMaxEntries,
      Path dataDir,
      String mongoUri,
      String redisUrl,
      String sqsEndpoint,
      String sqsRegion,
      String smtpHost,
      int smtpPort,
      int mongoPort,
      int redisPort,
      int sqsPort,
      int embeddedSmtpPort) {

    static Plan from(JsonObject config) {
      Plan plan =
          new Plan(
              Keys.bool(config, "embedded.enabled"),
              Keys.bool(config, "embedded.persistent"),
              Keys.bool(config, "embedded.mongo-durable-writes"),
              Keys.longValue(config, "embedded.mongo-oplog-max-entries"),
              Path.of(Keys.string(config, "data.dir")),
              Keys.string(config, "mongo.uri").strip(),
              Keys.string(config, "redis.url").strip(),
              Keys.string(config, "sqs.endpoint").strip(),
              Keys.string(config, "sqs.region").strip(),
              Keys.string(config, "smtp.host").strip(),
              Keys.integer(config, "smtp.port"),
              Keys.integer(config, "embedded.mongo-port"),
              Keys.integer(config, "embedded.redis-port"),
              Keys.integer(config, "embedded.sqs-port"),
              Keys.integer(config, "embedded.smtp-port"));
      plan.requireConfiguredWhenNotEmbedded();
      return plan;
    }

    private void requireConfiguredWhenNotEmbedded() {
      if (embedded) {
        return;
      }
      List<String> missing = new ArrayList<>();
      if (mongoUri.isEmpty()) {
        missing.add("mongo.uri (MONGO_URI)");
      }
      if (redisUrl.isEmpty()) {
        missing.add("redis.url (REDIS_URL)");
      }
      if (smtpHost.isEmpty()) {
        missing.add("smtp.host (SMTP_HOST)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "Embedded backing services are disabled (embedded.enabled: false) but these are not"
                + " configured: "
                + String.join(", ", missing));
      }
    }

    Path mongoStore() {
      return persistent ? dataDir.resolve("mongo").resolve("tourbook.mv") : null;
    }

    Path redisDir() {
      return persistent ? dataDir.resolve("redis") : null;
    }

    BackingSettings settings(
        EmbeddedMongo mongo, EmbeddedRedis redis, EmbeddedSqs sqs, GreenMail mail) {
      return new BackingSettings(
          mongo != null ? mongo.connectionString() : mongoUri,
          redis != null ? redis.url() : redisUrl,
          sqs != null ? sqs.endpoint() : sqsEndpoint,
          sqsRegion,
          mail != null ? EmbeddedSmtp.HOST : smtpHost,
          mail != null ? mail.getSmtp().getPort() : smtpPort);
    }

    /** Says which services are external, without their addresses: those may hold credentials. */
    void logExternal() {
      List<String> external = new ArrayList<>();
      if (!mongoUri.isEmpty()) {
        external.add("MongoDB");
      }
      if (!redisUrl.isEmpty()) {
        external.add("Redis");
      }
      if (!sqsEndpoint.isEmpty() || !embedded) {
        external.add("SQS");
      }
      if (!smtpHost.isEmpty()) {
        external.add("SMTP");
      }
      if (!external.isEmpty()) {
        log.info("Using external {}", String.join(", ", external));
      }
    }
  }
}
