package io.tourbook.platform.testsupport;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.tourbook.embedded.BackingServices;
import io.tourbook.embedded.BackingSettings;
import io.tourbook.platform.auth.AccountStates;
import io.tourbook.platform.config.ConfigLoader;
import io.tourbook.platform.mongo.Reactive;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backing services every integration test uses: started once per JVM, on first use, and stopped
 * when the JVM exits. Tests take connection settings from here, never fixed ports, and call {@link
 * #reset()} to start from clean data.
 *
 * <p>Where Docker is available, MongoDB is a {@code mongo:7} single-node replica set and Redis a
 * {@code redis:7} container (Testcontainers). Otherwise, and always for SQS (ElasticMQ) and SMTP
 * (GreenMail), they are the embedded servers of {@link BackingServices}, in memory. Running with
 * {@code -Dtourbook.test.docker=false} forces the embedded servers.
 */
public final class TestBackingServices {

  private static final Logger log = LoggerFactory.getLogger(TestBackingServices.class);
  private static final long TIMEOUT_SECONDS = 120;
  private static final Set<String> SYSTEM_DATABASES = Set.of("admin", "config", "local");

  private static TestBackingServices instance;
  private static RuntimeException startFailure;

  private final Vertx vertx;
  private final JsonObject defaults;
  private final BackingServices services;
  private final DockerBackingServices containers;
  private final BackingSettings settings;
  private final MongoClient mongo;
  private final Redis redis;
  private final List<Path> dataDirs = Collections.synchronizedList(new ArrayList<>());

  private TestBackingServices(
      Vertx vertx,
      JsonObject defaults,
      BackingServices services,
      DockerBackingServices containers) {
    this.vertx = vertx;
    this.defaults = defaults;
    this.services = services;
    this.containers = containers;
    this.settings = services.settings();
    this.mongo = MongoClients.create(settings.mongoUri());
    this.redis = Redis.createClient(vertx, settings.redisUrl());
  }

  /** The services of this JVM, started on the first call. */
  public static synchronized TestBackingServices get() {
    if (instance == null && startFailure == null) {
      try {
        instance = start();
        Runtime.getRuntime()
            .addShutdownHook(new Thread(instance::shutdown, "test-backing-services-stop"));
      } catch (RuntimeException e) {
        startFailure = e;
      }
    }
    if (startFailure != null) {
      throw new IllegalStateException("Test backing services did not start", startFailure);
    }
    return instance;
  }

  public BackingSettings settings() {
    return settings;
  }

  /**
   * The defaults of config/default.yaml pointed at these services, with {@code http.port} 0 (a free
   * port) and {@code data.dir} a new empty directory, deleted when the JVM exits.
   */
  public JsonObject config() {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("tourbook-test-");
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a data directory", e);
    }
    dataDirs.add(dataDir);
    JsonObject config = settings.applyTo(defaults);
    config.getJsonObject("http").put("port", 0);
    config.getJsonObject("data").put("dir", dataDir.toString());
    return config;
  }

  /**
   * Deletes all test data: replaces the embedded MongoDB's store with an empty one, oplog included
   * (on a container, drops every database but admin, config and local), flushes Redis and empties
   * every GreenMail mailbox. Blocking.
   */
  public void reset() {
    if (containers == null) {
      await(services.wipeEmbeddedMongo(vertx));
    } else {
      for (String database : collect(mongo.listDatabaseNames())) {
        if (!SYSTEM_DATABASES.contains(database)) {
          collect(mongo.getDatabase(database).drop());
        }
      }
    }
    await(redis.send(Request.cmd(Command.FLUSHALL)));
    mail().ifPresent(TestBackingServices::purge);
  }

  /**
   * Records {@code subjects} as active accounts in Redis ({@link AccountStates}), as iam does at
   * registration, so that tokens signed for them pass every node's account check; and the states as
   * complete, as iam does once it filled them, so that other subjects count as unknown. Blocking,
   * on this class's own Vert.x instance, so that a test's event loop may call it.
   */
  public void markAccountsActive(String... subjects) {
    List<String> arguments =
        new ArrayList<>(List.of(AccountStates.KEY, AccountStates.COMPLETE_FIELD, "1"));
    for (String subject : subjects) {
      arguments.add(subject);
      arguments.add(AccountStates.ACTIVE);
    }
    Request hset = Request.cmd(Command.HSET);
    arguments.forEach(hset::arg);
    await(redis.send(hset));
  }

  /** The GreenMail server that receives all mail sent to {@link BackingSettings#smtpHost()}. */
  public Optional<GreenMail> mail() {
    return services.embeddedMail();
  }

  /** Whether MongoDB and Redis run in Docker containers rather than embedded. */
  public boolean dockerAvailable() {
    return containers != null;
  }

  /**
   * LocalStack's endpoint (SQS and EventBridge, any credentials) where Docker runs, started on
   * first call; empty elsewhere, where the tests of AWS sinks use ElasticMQ and local stand-ins
   * only.
   */
  public Optional<URI> localStack() {
    return containers == null ? Optional.empty() : Optional.of(containers.localStack());
  }

  private static TestBackingServices start() {
    Vertx vertx = Vertx.vertx();
    DockerBackingServices containers = null;
    try {
      JsonObject defaults = await(ConfigLoader.load(vertx, null, null, Map.of()));
      JsonObject config = defaults.copy();
      config.getJsonObject("embedded").put("persistent", false);
      if (useDocker()) {
        containers = DockerBackingServices.start();
        config.getJsonObject("mongo").put("uri", containers.mongoUri());
        config.getJsonObject("redis").put("url", containers.redisUrl());
      }
      BackingServices services = await(BackingServices.start(vertx, config));
      log.info(
          "Test backing services ({}): {}",
          containers == null ? "embedded" : "Docker",
          services.settings());
      return new TestBackingServices(vertx, defaults, services, containers);
    } catch (RuntimeException e) {
      if (containers != null) {
        containers.close();
      }
      vertx.close();
      throw e;
    }
  }

  private static boolean useDocker() {
    if ("false".equalsIgnoreCase(System.getProperty("tourbook.test.docker"))) {
      return false;
    }
    return testcontainersPresent() && dockerHinted() && dockerAnswers();
  }

  private static boolean testcontainersPresent() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory");
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Cheap evidence that a Docker daemon may be reachable, checked first so that machines without
   * Docker don't pay for (or log) Testcontainers' full search.
   */
  private static boolean dockerHinted() {
    if (System.getenv("DOCKER_HOST") != null
        || System.getProperty("os.name", "").startsWith("Windows")) {
      return true;
    }
    Path home = Path.of(System.getProperty("user.home", "/"));
    Stream<Path> candidates =
        Stream.of(
            Path.of("/var/run/docker.sock"),
            home.resolve(".docker/run/docker.sock"),
            home.resolve(".docker/desktop/docker.sock"),
            home.resolve(".testcontainers.properties"));
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (runtimeDir != null) {
      candidates = Stream.concat(candidates, Stream.of(Path.of(runtimeDir, "docker.sock")));
    }
    return candidates.anyMatch(Files::exists);
  }

  /** Asks Testcontainers, on a separate thread so that a hanging daemon cannot hang the tests. */
  private static boolean dockerAnswers() {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    Thread probe =
        new Thread(
            () -> {
              try {
                answer.complete(DockerBackingServices.dockerAvailable());
              } catch (Throwable e) {
                answer.complete(false);
              }
            },
            "docker-probe");
    probe.setDaemon(true);
    probe.start();
    try {
      return answer.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private void shutdown() {
    try {
      mongo.close();
      await(redis.close());
      await(services.stop(vertx));
      if (containers != null) {
        containers.close();
      }
    } catch (RuntimeException e) {
      log.warn("Test backing services did not stop cleanly", e);
    } finally {
      await(vertx.close());
      dataDirs.forEach(TestBackingServices::deleteRecursively);
    }
  }

  private static void purge(GreenMail mail) {
    try {
      mail.purgeEmailFromAllMailboxes();
    } catch (FolderException e) {
      throw new IllegalStateException("Cannot empty the GreenMail mailboxes", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.debug("Could not delete {}", dir, e);
    }
  }

  private static <T> T await(Future<T> future) {
    return get(future.toCompletionStage().toCompletableFuture());
  }

  private static <T> List<T> collect(Publisher<T> publisher) {
    return get(Reactive.collect(publisher));
  }

  private static <T> T get(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("No answer within " + TIMEOUT_SECONDS + "s", e);
    }
  }
}
