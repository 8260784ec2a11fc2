package io.tourbook.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged launcher as the README does, in its own JVM, on the embedded defaults. */
@DisplayName("A node started by the launcher")
class NodeProcessIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String ADMIN_EMAIL = "admin@example.com";
  private static final String ADMIN_PASSWORD = "Admin-Password-1";

  @TempDir Path dataDir;
  private Vertx vertx;
  private WebClient http;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
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
    JsonObject health = awaitHealthy(httpPort, node, log);
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
    awaitHealthy(httpPort, restarted, dataDir.resolve("node-2.log"));
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
    awaitHealthy(httpPort, node, log);

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

  private Process start(int httpPort, int mongoPort, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", System.getProperty("tourbook.jar"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
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

  private JsonObject awaitHealthy(int port, Process node, Path log) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!node.isAlive()) {
        throw new AssertionError("node exited: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        HttpResponse<Buffer> response = await(http.get(port, "127.0.0.1", "/health").send());
        if (response.statusCode() == 200) {
          return response.bodyAsJsonObject();
        }
      } catch (Exception notYetListening) {
        // the node is still starting
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("node not healthy in time: " + Files.readString(log));
  }

  private MongoClient mongo(int port) {
    return MongoClient.create(
        vertx,
        new JsonObject()
            .put("connection_string", "mongodb://127.0.0.1:" + port)
            .put("db_name", "launcher-test"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
