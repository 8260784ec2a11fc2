package io.tourbook.app;

import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.cluster.NodeVertx;
import io.tourbook.platform.config.ConfigLoader;
import io.tourbook.platform.node.NodeRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The tourbook node launcher: deploys all or some services on one node, standalone or clustered, on
 * the backing services its {@link Backing.Starter} gives. Run as it is (the production jar), every
 * backing service must be configured; {@link EmbeddedMain} starts development servers for the rest,
 * or only those with {@code --backing-only}, so that several nodes on one machine can share them.
 */
@Command(
    name = "tourbook",
    mixinStandardHelpOptions = true,
    version = "tourbook 0.1.0",
    description = "Runs a tourbook node.")
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final long STEP_TIMEOUT_SECONDS = 120;

  @Option(
      names = "--services",
      defaultValue = "all",
      description =
          "Services to deploy: all, or a comma-separated list (default: ${DEFAULT-VALUE}).")
  String services;

  @Option(names = "--cluster", description = "Join the Hazelcast cluster (config/cluster.xml).")
  boolean cluster;

  @Option(names = "--config", description = "A YAML file overriding config/default.yaml.")
  Path configFile;

  @Option(
      names = "--profile",
      description = "A profile, config/<profile>.yaml: local, cluster or aws.")
  String profile;

  @Option(
      names = "--backing-only",
      description = "Start only the embedded backing services and print their settings.")
  boolean backingOnly;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Backing.Starter backingStarter;

  private Main(Backing.Starter backingStarter) {
    this.backingStarter = backingStarter;
  }

  public static void main(String[] args) {
    System.exit(run(Backing::configured, args));
  }

  /** Runs a node on the backing services {@code backingStarter} gives; returns the exit code. */
  static int run(Backing.Starter backingStarter, String... args) {
    return new CommandLine(new Main(backingStarter)).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    long startedAt = System.nanoTime();
    JsonObject config = loadConfig();
    List<ServiceModule> modules = backingOnly ? List.of() : NodeRuntime.select(services);
    Vertx vertx = await(NodeVertx.create(config, cluster));
    Backing backing;
    NodeRuntime node = null;
    try {
      backing = await(backingStarter.start(vertx, config));
      if (backingOnly && backing.environment().isEmpty()) {
        throw new IllegalStateException("--backing-only: this jar has no embedded servers");
      }
      if (!backingOnly) {
        node =
            await(NodeRuntime.start(vertx, backing.applyTo(config), modules, backing.sentMail()));
      }
    } catch (Exception failure) {
      LOG.error("Node failed to start: {}", failure.getMessage(), failure);
      await(vertx.close());
      return 1;
    }
    NodeRuntime started = node;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> shutdown(vertx, started, backing), "tourbook-shutdown"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    if (backingOnly) {
      printSettings(backing.environment());
      LOG.info("Backing services ready in {} ms; Ctrl-C stops them", millis);
    } else {
      LOG.info(
          "tourbook node started in {} ms: services {}, HTTP port {}{}",
          millis,
          modules.stream().map(ServiceModule::name).toList(),
          node.httpPort(),
          cluster ? ", clustered" : "");
    }
    stopped.await();
    return 0;
  }

  private JsonObject loadConfig() throws Exception {
    Vertx bootstrap = Vertx.vertx();
    try {
      return await(
          ConfigLoader.load(bootstrap, profile, configFile == null ? null : configFile.toString()));
    } finally {
      await(bootstrap.close());
    }
  }

  /** The settings as environment lines that other nodes on this machine can be started with. */
  private static void printSettings(Map<String, String> environment) {
    environment.forEach((name, value) -> System.out.println(name + "=" + value));
    System.out.flush();
  }

  private void shutdown(Vertx vertx, NodeRuntime node, Backing backing) {
    LOG.info("Stopping tourbook node");
    try {
      Future<Void> nodeStopped = node == null ? Future.succeededFuture() : node.stop();
      await(nodeStopped.eventually(() -> backing.stop(vertx)).eventually(vertx::close));
      LOG.info("tourbook node stopped");
    } catch (Exception failure) {
      LOG.warn("Unclean shutdown: {}", failure.getMessage());
    } finally {
      stopped.countDown();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future
        .toCompletionStage()
        .toCompletableFuture()
        .get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
