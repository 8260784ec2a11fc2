package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static java.nio.file.attribute.PosixFilePermissions.fromString;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) the packaged node running the embedded MongoDB and Redis, and restarts it on the
 * same data directory: what it acknowledged is still there, its redis-server does not outlive it,
 * and its files and ports are its own.
 */
@DisplayName("A node on the embedded backing services, killed with kill -9")
class DurabilityIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
  private static final String ADMIN_EMAIL = "admin@example.com";
  private static final String ADMIN_PASSWORD = "Admin-Password-1";
  private static final String PASSWORD = "Correct-Horse-9";
  private static final int ACKNOWLEDGED_BEFORE_KILL = 20;
  private static final int CUSTOMERS = 6;

  @TempDir Path tempDir;
  private Path dataDir;
  private Vertx vertx;
  private WebClient http;
  private final List<Process> processes = new ArrayList<>();
  private int httpPort;
  private int mongoPort;

  @BeforeEach
  void setUp() throws IOException {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx, TestNode.clientOptions());
    // Not created yet: the node creates it.
    dataDir = tempDir.resolve("data");
    httpPort = freePort();
    mongoPort = freePort();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process process : processes) {
      stop(process);
    }
    await(vertx.close());
  }

  @Test
  @DisplayName(
      "keeps every acknowledged checkout (payment, tour, same answer on retry), settles every"
          + " pending payment by itself, leaves no redis-server behind and one after the restart, and never logs its password:"
          + " killed right after the 20th 201, and killed once the tours are being created")
  void killedNodeKeepsAcknowledgedCheckouts() throws Exception {
    Process node = startNode("node-1.log");
    World world = populate();
    List<Acknowledged> acknowledged = new ArrayList<>();

    // Timing 1: kill -9 in the callback of the 20th 201.
    Burst first = new Burst("burst-1");
    first.killAt(ACKNOWLEDGED_BEFORE_KILL, node);
    first.run(world);
    Eventually.until("the node to die", NodeHealth.START_TIMEOUT, () -> !node.isAlive());
    awaitNoRedisServer();
    acknowledged.addAll(first.acknowledged());
    report(first, "killed in the callback of the 20th 201");

    Process second = startNode("node-2.log");
    assertOneRedisServer();
    assertKept(world, acknowledged);

    // Timing 2: kill -9 once the 20th 201 is in and the tour of this burst's first one exists,
    // while checkouts are still being answered and tours created.
    Burst later = new Burst("burst-2");
    later.run(world);
    Eventually.until(
        "20 more acknowledged checkouts",
        SETTLE_TIMEOUT,
        () -> later.acknowledged().size() >= ACKNOWLEDGED_BEFORE_KILL);
    MongoClient mongo = mongo("tour");
    String firstPayment = later.acknowledged().get(0).paymentId();
    Eventually.until(
        "the tour of the burst's first payment",
        SETTLE_TIMEOUT,
        () -> count(mongo, "tours", new JsonObject().put("paymentId", firstPayment)) > 0);
    mongo.close();
    second.destroyForcibly();
    later.stop();
    Eventually.until("the node to die", NodeHealth.START_TIMEOUT, () -> !second.isAlive());
    awaitNoRedisServer();
    acknowledged.addAll(later.acknowledged());
    report(later, "killed once the first tour of the burst was stored");

    Process third = startNode("node-3.log");
    assertOneRedisServer();
    assertKept(world, acknowledged);

    stop(third);
    assertThat(redisServersOnDataDir()).as("redis-servers after a clean stop").isEmpty();
    String password = redisPassword();
    for (String log : List.of("node-1.log", "node-2.log", "node-3.log")) {
      assertThat(Files.readString(tempDir.resolve(log))).as(log).doesNotContain(password);
    }
  }

  @Test
  @DisplayName(
      "creates its data directory 0700 and every file in it 0600, listens for MongoDB and Redis"
          + " on loopback only, and Redis wants the password generated for the directory")
  void filesAndPortsAreTheNodesOwn() throws Exception {
    // The backing services alone create and open everything this checks, and start fastest.
    Process backing = startProcess("backing.log", "--backing-only");
    Eventually.until(
        "the backing services",
        NodeHealth.START_TIMEOUT,
        () -> !backing.isAlive() || logSays("backing.log", "Backing services ready"));
    assertThat(backing.isAlive()).as(Files.readString(tempDir.resolve("backing.log"))).isTrue();

    try (Stream<Path> paths = Files.walk(dataDir)) {
      List<Path> all = paths.toList();
      assertThat(all)
          .contains(
              dataDir.resolve("mongo").resolve("tourbook.mv"),
              dataDir.resolve("redis").resolve("appendonly.aof"),
              dataDir.resolve("redis").resolve("redis.password"));
      for (Path path : all) {
        assertThat(Files.getPosixFilePermissions(path))
            .as(path.toString())
            .isEqualTo(fromString(Files.isDirectory(path) ? "rwx------" : "rw-------"));
      }
    }

    List<String> mongoListens = listeningOnPort(mongoPort);
    assertThat(mongoListens).isNotEmpty().allMatch(DurabilityIT::isLoopback);

    Set<Long> redis = redisServersOnDataDir();
    assertThat(redis).hasSize(1);
    List<String> redisListens = listeningAddresses(socketInodesOf(redis.iterator().next()));
    assertThat(redisListens).isNotEmpty().allMatch(DurabilityIT::isLoopback);

    int redisPort = Integer.parseInt(redisListens.get(0).split(":")[1], 16);
    String password = redisPassword();
    assertThat(password).hasSizeGreaterThanOrEqualTo(32);
    assertThat(redisSays(redisPort, "PING\r\n")).startsWith("-NOAUTH");
    assertThat(redisSays(redisPort, "AUTH default " + password + "\r\nPING\r\n"))
        .isEqualTo("+OK\r\n+PONG\r\n");
  }

  // ---- the checkout bursts ----

  /** The platform as the walkthrough sets it up: one listing, customers with a token each. */
  private record World(String listingId, List<String> customers, String when) {}

  private record Acknowledged(String customer, String key, String paymentId) {}

  /**
   * Customers checking out concurrently, each one checkout after another (add the listing, check
   * out with a new key), until stopped or the node goes away.
   */
  private final class Burst {

    private final String name;
    private final List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private int killAt = -1;
    private Process victim;
    private final List<Future<Void>> loops = new ArrayList<>();

    Burst(String name) {
      this.name = name;
    }

    void killAt(int count, Process node) {
      killAt = count;
      victim = node;
    }

    void run(World world) {
      for (int i = 0; i < world.customers().size(); i++) {
        loops.add(loop(world, world.customers().get(i), i, 0));
      }
    }

    void stop() {
      stopped.set(true);
    }

    List<Acknowledged> acknowledged() {
      return List.copyOf(acknowledged);
    }

    private Future<Void> loop(World world, String customer, int index, int attempt) {
      if (stopped.get()) {
        return Future.succeededFuture();
      }
      String key = name + "-c" + index + "-" + attempt;
      return post(
              "/api/v1/carts/me/items",
              customer,
              new JsonObject().put("listingId", world.listingId()))
          .compose(added -> checkout(customer, key, world.when()))
          .compose(
              response -> {
                if (response.statusCode() == 201) {
                  acknowledged.add(
                      new Acknowledged(
                          customer, key, response.bodyAsJsonObject().getString("paymentId")));
                  if (acknowledged.size() == killAt) {
                    victim.destroyForcibly();
                    stopped.set(true);
                  }
                }
                return loop(world, customer, index, attempt + 1);
              })
          .recover(
              failure -> {
                // The node is gone: this customer's burst ends.
                stopped.set(true);
                return Future.succeededFuture();
              });
    }
  }

  private void report(Burst burst, String timing) {
    System.out.printf(
        Locale.ROOT,
        "DurabilityIT %s: %s, %d checkouts acknowledged before the kill%n",
        burst.name,
        timing,
        burst.acknowledged().size());
  }

  /**
   * After a restart: every acknowledged payment is stored succeeded, its tour exists, a retry with
   * its key answers the same payment, and no payment stays pending.
   */
  private void assertKept(World world, List<Acknowledged> acknowledged) throws Exception {
    assertThat(acknowledged.size()).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
    MongoClient payments = mongo("payment");
    MongoClient tours = mongo("tour");
    long pendingAtRestart = count(payments, "payments", new JsonObject().put("status", "pending"));
    long started = System.nanoTime();
    Eventually.until(
        "no pending payment",
        SETTLE_TIMEOUT,
        () -> count(payments, "payments", new JsonObject().put("status", "pending")) == 0);
    long settledMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    List<String> paymentIds = acknowledged.stream().map(Acknowledged::paymentId).toList();
    List<JsonObject> stored =
        await(
            payments.find(
                "payments",
                new JsonObject()
                    .put("_id", new JsonObject().put("$in", new JsonArray(paymentIds)))));
    assertThat(stored)
        .extracting(payment -> payment.getString("_id"))
        .containsExactlyInAnyOrderElementsOf(paymentIds);
    assertThat(stored).allMatch(payment -> "succeeded".equals(payment.getString("status")));

    List<String> succeeded =
        await(payments.find("payments", new JsonObject().put("status", "succeeded"))).stream()
            .map(payment -> payment.getString("_id"))
            .toList();
    Eventually.until(
        "a tour for every succeeded payment",
        SETTLE_TIMEOUT,
        () ->
            count(
                    tours,
                    "tours",
                    new JsonObject()
                        .put("paymentId", new JsonObject().put("$in", new JsonArray(succeeded))))
                == succeeded.size());

    long allPayments = count(payments, "payments", new JsonObject());
    for (Acknowledged first : acknowledged) {
      HttpResponse<Buffer> retried = await(checkout(first.customer(), first.key(), world.when()));
      assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
      assertThat(retried.bodyAsJsonObject().getString("paymentId")).isEqualTo(first.paymentId());
    }
    assertThat(count(payments, "payments", new JsonObject()))
        .as("payments after retrying every acknowledged key")
        .isEqualTo(allPayments);
    System.out.printf(
        Locale.ROOT,
        "DurabilityIT after restart: %d acknowledged, all stored succeeded with their tour and"
            + " replayed on retry; %d payments stored, %d pending at restart, none pending after"
            + " %d ms%n",
        acknowledged.size(),
        allPayments,
        pendingAtRestart,
        settledMillis);
    payments.close();
    tours.close();
  }

  // ---- setting up the platform through its API ----

  private World populate() throws Exception {
    String admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
    String providerId = register("provider@example.com", "provider");
    assertThat(
            await(post("/api/v1/iam/accounts/" + providerId + "/verify", admin, null)).statusCode())
        .isEqualTo(200);
    String provider = login("provider@example.com", PASSWORD);
    JsonObject listing =
        new JsonObject()
            .put("title", "Flat A")
            .put("description", "Bright, near the park")
            .put("type", "apartment")
            .put("offer", "rent")
            .put("price", new JsonObject().put("amount", 1500).put("currency", "USD"))
            .put("tourFee", new JsonObject().put("amount", 25).put("currency", "USD"))
            .put(
                "location",
                new JsonObject()
                    .put("lat", 6.45)
                    .put("lon", 3.39)
                    .put(
                        "address",
                        new JsonObject()
                            .put("street", "1 Main St")
                            .put("city", "Lagos")
                            .put("state", "Lagos")
                            .put("country", "NG")
                            .put("postcode", "100001")));
    String[] listingId = new String[1];
    // The listing service learns of the verification from iam's events.
    Eventually.until(
        "the verified provider's listing",
        SETTLE_TIMEOUT,
        () -> {
          try {
            HttpResponse<Buffer> created = await(post("/api/v1/listings", provider, listing));
            if (created.statusCode() == 201) {
              JsonObject body = created.bodyAsJsonObject();
              listingId[0] = body.getString("id");
            }
            return listingId[0] != null;
          } catch (Exception notYet) {
            return false;
          }
        });
    List<String> customers = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String email = "customer-" + i + "@example.com";
      register(email, "customer");
      customers.add(login(email, PASSWORD));
    }
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(2);
    while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
      day = day.plusDays(1);
    }
    return new World(listingId[0], customers, day + "T10:00:00Z");
  }

  private String register(String email, String role) throws Exception {
    HttpResponse<Buffer> response =
        await(
            post(
                "/api/v1/iam/register",
                null,
                new JsonObject()
                    .put("email", email)
                    .put("password", PASSWORD)
                    .put("name", role + " " + email.hashCode())
                    .put("role", role)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    JsonObject body = response.bodyAsJsonObject();
    return body.getString("id");
  }

  private String login(String email, String password) throws Exception {
    HttpResponse<Buffer> response =
        await(
            post(
                "/api/v1/iam/login",
                null,
                new JsonObject().put("email", email).put("password", password)));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("accessToken");
  }

  private Future<HttpResponse<Buffer>> checkout(String customer, String key, String when) {
    JsonObject body =
        new JsonObject()
            .put("paymentToken", "tok_visa")
            .put("preferredTimes", new JsonArray().add(new JsonObject().put("start", when)));
    return request("/api/v1/carts/me/checkout", customer)
        .putHeader("Idempotency-Key", key)
        .sendJsonObject(body);
  }

  private Future<HttpResponse<Buffer>> post(String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = request(path, token);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  private HttpRequest<Buffer> request(String path, String token) {
    HttpRequest<Buffer> request =
        http.post(httpPort, "127.0.0.1", path).timeout(TimeUnit.SECONDS.toMillis(60));
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  // ---- the node process ----

  private Process startNode(String logName) throws Exception {
    Process process = startProcess(logName);
    NodeHealth.awaitHealthy(http, httpPort, process, tempDir.resolve(logName));
    return process;
  }

  private Process startProcess(String logName, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("tourbook.jar"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tempDir.resolve(logName).toFile());
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("HTTP_INSTANCES", "1");
    builder.environment().put("EMBEDDED_MONGO_PORT", Integer.toString(mongoPort));
    builder.environment().put("IAM_ADMIN_EMAIL", ADMIN_EMAIL);
    builder.environment().put("IAM_ADMIN_PASSWORD", ADMIN_PASSWORD);
    // Short leases and sweeps, so that checkouts the kill interrupted are finished within the test.
    builder.environment().put("CART_CHECKOUT_LEASE_MS", "4000");
    builder.environment().put("PAYMENT_CHARGE_LEASE_MS", "4000");
    builder.environment().put("CART_RECOVERY_INTERVAL_MS", "500");
    builder.environment().remove("MONGO_URI");
    builder.environment().remove("REDIS_URL");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private boolean logSays(String logName, String text) {
    try {
      return Files.readString(tempDir.resolve(logName)).contains(text);
    } catch (IOException notYet) {
      return false;
    }
  }

  private String redisPassword() throws IOException {
    return Files.readString(dataDir.resolve("redis").resolve("redis.password")).strip();
  }

  /** SIGTERM, so that the node stops its redis-server; SIGKILL if it does not exit. */
  private static void stop(Process process) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  // ---- processes and sockets, from /proc ----

  /** A killed node's redis-server stops by itself: it watches its node's end of a pipe. */
  private void awaitNoRedisServer() throws Exception {
    Eventually.until(
        "the killed node's redis-server to stop",
        NodeHealth.START_TIMEOUT,
        this::noRedisServerOnDataDir);
  }

  private boolean noRedisServerOnDataDir() {
    return redisServersOnDataDir().isEmpty();
  }

  private void assertOneRedisServer() {
    assertThat(redisServersOnDataDir())
        .as("redis-servers on the data directory after the restart")
        .hasSize(1);
  }

  /** The redis-server processes working in this test's Redis data directory. */
  private Set<Long> redisServersOnDataDir() {
    Path redisDir = dataDir.resolve("redis").toAbsolutePath();
    return ProcessHandle.allProcesses()
        .filter(process -> process.info().command().orElse("").contains("redis-server"))
        .filter(
            process -> {
              try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"))
                    .equals(redisDir.toRealPath());
              } catch (IOException gone) {
                return false;
              }
            })
        .map(ProcessHandle::pid)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static Set<String> socketInodesOf(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closed) {
          // closed while listing
        }
      }
    }
    return inodes;
  }

  /** The local addresses (hex, as /proc shows them) that listen on {@code port}. */
  private static List<String> listeningOnPort(int port) throws IOException {
    return listening().stream()
        .filter(row -> Integer.parseInt(row[1].split(":")[1], 16) == port)
        .map(row -> row[1])
        .toList();
  }

  /** The local addresses (hex, as /proc shows them) of the listening sockets with these inodes. */
  private static List<String> listeningAddresses(Set<String> inodes) throws IOException {
    return listening().stream().filter(row -> inodes.contains(row[9])).map(row -> row[1]).toList();
  }

  private static List<String[]> listening() throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] row = line.trim().split("\\s+");
        // State 0A is LISTEN.
        if (row[3].equals("0A")) {
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** 127.0.0.1 as /proc/net/tcp writes it, or ::ffff:127.0.0.1 / ::1 in tcp6. */
  private static boolean isLoopback(String hexAddress) {
    String host = hexAddress.split(":")[0];
    return host.equals("0100007F")
        || host.equals("0000000000000000FFFF00000100007F")
        || host.equals("00000000000000000000000001000000");
  }

  private static String redisSays(int port, String commands) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(commands.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  // ---- MongoDB, read directly on the embedded port ----

  private MongoClient mongo(String database) {
    return MongoClient.create(
        vertx,
        new JsonObject()
            .put(
                "connection_string", "mongodb://127.0.0.1:" + mongoPort + "/?directConnection=true")
            .put("db_name", database));
  }

  private static long count(MongoClient mongo, String collection, JsonObject filter) {
    try {
      return await(mongo.count(collection, filter));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
