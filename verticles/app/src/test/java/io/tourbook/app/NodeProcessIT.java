package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.bridge.BridgeFixtures;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Runs the packaged launcher as the README does, in its own JVM, on the embedded defaults. */
@DisplayName("A node started by the launcher")
class NodeProcessIT {

  private static final String ADMIN_EMAIL = "admin@example.com";
  private static final String ADMIN_PASSWORD = "Admin-Password-1";
  private static final Pattern SETTING = Pattern.compile("([A-Z][A-Z_]*)=(\\S+)");

  @TempDir Path dataDir;
  private Vertx vertx;
  private WebClient http;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx, TestNode.clientOptions());
  }

  @AfterEach
  void tearDown() throws Exception {
    // SIGTERM first: a node stops its redis-server, which a SIGKILL would leave running.
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    await(vertx.close());
  }

  @Test
  @DisplayName(
      "answers /health with every dependency UP and /metrics in Prometheus text, stops cleanly on SIGTERM, and keeps its data across a restart")
  void startsServesStopsAndKeepsData() throws Exception {
    int httpPort = freePort();
    int mongoPort = freePort();
    Path log = dataDir.resolve("node.log");

    Process node = start(httpPort, mongoPort, log);
    JsonObject health = NodeHealth.awaitHealthy(http, httpPort, node, log);
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.encode()).contains("mongo", "redis", "sqs", "smtp");

    HttpResponse<Buffer> metrics = await(http.get(httpPort, "127.0.0.1", "/metrics").send());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(metrics.bodyAsString()).contains("# TYPE", "vertx_http_server");

    MongoClient mongo = mongo(mongoPort);
    await(mongo.insert("notes", new JsonObject().put("_id", "before-restart").put("text", "kept")));
    mongo.close();

    node.destroy();
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node exits after SIGTERM").isTrue();
    assertThat(Files.readString(log)).contains("tourbook node stopped");

    Process restarted = start(httpPort, mongoPort, dataDir.resolve("node-2.log"));
    NodeHealth.awaitHealthy(http, httpPort, restarted, dataDir.resolve("node-2.log"));
    MongoClient again = mongo(mongoPort);
    JsonObject kept =
        await(again.findOne("notes", new JsonObject().put("_id", "before-restart"), null));
    again.close();
    assertThat(kept).isNotNull();
    assertThat(kept.getString("text")).isEqualTo("kept");
  }

  @Test
  @DisplayName(
      "runs the README walkthrough: curl books a tour end to end against the packaged node")
  void readmeWalkthroughBooksATour() throws Exception {
    int httpPort = freePort();
    Path log = dataDir.resolve("walkthrough-node.log");
    Process node = start(httpPort, freePort(), log);
    NodeHealth.awaitHealthy(http, httpPort, node, log);

    Path output = dataDir.resolve("walkthrough.out");
    ProcessBuilder walkthrough =
        new ProcessBuilder("bash", System.getProperty("tourbook.walkthrough"))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    walkthrough.environment().put("TOURBOOK_URL", "http://127.0.0.1:" + httpPort);
    walkthrough.environment().put("IAM_ADMIN_EMAIL", ADMIN_EMAIL);
    walkthrough.environment().put("IAM_ADMIN_PASSWORD", ADMIN_PASSWORD);
    Process script = walkthrough.start();
    processes.add(script);

    assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("walkthrough finishes").isTrue();
    String printed = Files.readString(output);
    assertThat(script.exitValue()).as(printed).isZero();
    assertThat(printed).contains("\"status\":\"SCHEDULED\"", "== booked: tour");
  }

  @Test
  @DisplayName(
      "loses no event and duplicates none when the node running the bridge is killed (kill -9)"
          + " mid-run and restarted")
  void bridgeSurvivesKill() throws Exception {
    Map<String, String> backing = startBackingServices(dataDir.resolve("backing.log"));
    JsonObject config =
        new JsonObject().put("mongo", new JsonObject().put("uri", backing.get("MONGO_URI")));
    MongoClient listings = EventFixtures.listingDatabase(vertx, config);
    int httpPort = freePort();
    Process node = startBridge(httpPort, backing, dataDir.resolve("bridge-1.log"));
    NodeHealth.awaitHealthy(http, httpPort, node, dataDir.resolve("bridge-1.log"));
    String queue = "tourbook-listing-listings.fifo";
    SqsAsyncClient sqs = BridgeFixtures.sqs(URI.create(backing.get("SQS_ENDPOINT")));
    String queueUrl = sqs.getQueueUrl(r -> r.queueName(queue)).get(30, TimeUnit.SECONDS).queueUrl();

    int subjects = 20;
    int writes = 100;
    Future<Void> writing = EventFixtures.writeSubjects(listings, subjects, writes);
    Eventually.until(
        "the bridge forwarding", Duration.ofSeconds(60), () -> queued(sqs, queueUrl) >= 200);
    node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    long forwardedBeforeKill = queued(sqs, queueUrl);
    Process restarted = startBridge(httpPort, backing, dataDir.resolve("bridge-2.log"));
    NodeHealth.awaitHealthy(http, httpPort, restarted, dataDir.resolve("bridge-2.log"));
    await(writing);

    List<Message> received = BridgeFixtures.drain(sqs, queue, subjects * writes, 180);
    List<Message> extra = BridgeFixtures.drain(sqs, queue, 1, 2);
    sqs.close();

    assertThat(forwardedBeforeKill).as("killed mid-run").isLessThan(subjects * writes);
    assertThat(received).hasSize(subjects * writes);
    assertThat(extra).isEmpty();
    assertThat(received.stream().map(m -> new JsonObject(m.body()).getString("id")).distinct())
        .hasSize(subjects * writes);
  }

  private Process start(int httpPort, int mongoPort, Path log) throws IOException {
    ProcessBuilder builder = launcher().redirectOutput(log.toFile());
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("HTTP_INSTANCES", "1");
    builder.environment().put("EMBEDDED_MONGO_PORT", Integer.toString(mongoPort));
    builder.environment().put("IAM_ADMIN_EMAIL", ADMIN_EMAIL);
    builder.environment().put("IAM_ADMIN_PASSWORD", ADMIN_PASSWORD);
    builder.environment().remove("MONGO_URI");
    builder.environment().remove("REDIS_URL");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Starts the launcher's backing-services-only mode and returns the settings it prints. */
  private Map<String, String> startBackingServices(Path log) throws Exception {
    ProcessBuilder builder = launcher("--backing-only").redirectOutput(log.toFile());
    builder.environment().put("DATA_DIR", dataDir.resolve("backing").toString());
    // Only the bridge node is killed here, never the database; without a commit per write the
    // test's 2,000 one-after-another writes stay well inside its wait on a loaded machine.
    builder.environment().put("EMBEDDED_MONGO_DURABLE_WRITES", "false");
    Process process = builder.start();
    processes.add(process);
    Map<String, String> settings = new HashMap<>();
    Eventually.until(
        "the backing services' settings",
        NodeHealth.START_TIMEOUT,
        () -> {
          settings.putAll(printedSettings(log));
          return settings.containsKey("SMTP_PORT") || !process.isAlive();
        });
    assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
    return settings;
  }

  private static Map<String, String> printedSettings(Path log) {
    try {
      Map<String, String> settings = new HashMap<>();
      for (String line : Files.readAllLines(log)) {
        Matcher setting = SETTING.matcher(line);
        if (setting.matches()) {
          settings.put(setting.group(1), setting.group(2));
        }
      }
      return settings;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node running only the bridge, on the backing services of another process. */
  private Process startBridge(int httpPort, Map<String, String> backing, Path log)
      throws IOException {
    ProcessBuilder builder =
        launcher("--services", "bridge", "--profile", "cluster").redirectOutput(log.toFile());
    builder.environment().putAll(backing);
    builder.environment().put("DATA_DIR", dataDir.resolve("bridge").toString());
    builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("HTTP_INSTANCES", "1");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private ProcessBuilder launcher(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("tourbook.jar"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  /** Messages in the queue, as SQS reports them. */
  private static long queued(SqsAsyncClient sqs, String queueUrl) {
    return Long.parseLong(
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .join()
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  private MongoClient mongo(int port) {
    return mongo("mongodb://127.0.0.1:" + port, "launcher-test");
  }

  private MongoClient mongo(String uri, String database) {
    return MongoClient.create(
        vertx, new JsonObject().put("connection_string", uri).put("db_name", database));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
