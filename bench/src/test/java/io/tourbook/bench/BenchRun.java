package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.tourbook.bridge.BridgeThroughputBenchmark;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.cluster.NodeVertx;
import io.tourbook.platform.events.SubscriptionThroughputBenchmark;
import io.tourbook.platform.node.NodeRuntime;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bench: booking pipeline under offered loads against its floor, listing HTTP against a bare
 * Vert.x endpoint and against the same queries sent straight to MongoDB, the highest rate the
 * pipeline sustains and its goodput at 8 times that, pipeline throughput and the share of
 * deliveries on one clustered node against two, how well the calendars of a few realtors meet the
 * customers' preferred times (calendar fill), the bridge and one durable subscription against their
 * raw baselines. Writes target/bench/report.json (with its {@code summary}) and report.html and
 * prints the figures. Run with scripts/bench.sh.
 */
@DisplayName("Bench")
class BenchRun {

  private static final double[] LOADS = {25, 50, 100, 200};
  private static final double[] WARM_UP_RATES = {5, 10, 20, 25, 25, 25};
  private static final Duration WARM_UP_TIME = Duration.ofSeconds(6);
  private static final Duration LOAD_TIME =
      Duration.ofSeconds(Long.getLong("bench.load-seconds", 2));
  private static final double SCALE_OUT_RATE = 100;
  private static final Duration DRAIN = Duration.ofSeconds(Long.getLong("bench.drain-seconds", 40));
  private static final int SEARCH_LISTINGS = 100;
  private static final int FLOOR_SAMPLES = 300;
  private static final int BRIDGE_EVENTS = 3000;
  private static final int SUBSCRIPTION_EVENTS = 3000;
  // The capacity search: probes of PROBE_TIME each, doubling from CAPACITY_START, then bisecting.
  private static final double CAPACITY_START = 2;
  private static final double CAPACITY_MAX = 256;
  private static final int CAPACITY_BISECTIONS = 3;
  private static final Duration PROBE_TIME = Duration.ofSeconds(4);
  private static final Duration PROBE_DRAIN = Duration.ofSeconds(10);
  private static final double OVERLOAD_FACTOR = 8;
  private static final int OPEN_LOOP_CONNECTIONS = 2048;
  // Enough calendar for the probes and the overload run, so that tours never wait for a realtor.
  private static final int CAPACITY_REALTORS = 60;
  private static final Duration SETUP_DEADLINE = Duration.ofMinutes(3);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final long STARTED = System.nanoTime();
  // The pipeline's tours go to few realtors, each holding many tours of the coming business days.
  private static final int PIPELINE_REALTORS = Integer.getInteger("bench.pipeline-realtors", 20);
  private static final int PIPELINE_DAYS = 10;
  private static final int CALENDAR_FILL_REQUESTS =
      Integer.getInteger("bench.calendar-fill-requests", 400);
  private static final int CALENDAR_FILL_REALTORS = 10;
  private static final int CALENDAR_FILL_DAYS = 5;
  private static final double CALENDAR_FILL_RATE = 25;
  private static final Duration CALENDAR_FILL_DRAIN =
      Duration.ofSeconds(Long.getLong("bench.calendar-fill-drain-seconds", 360));
  private static final long SEED = Long.getLong("bench.seed", 11);

  /**
   * {@code -Dbench.only=calendar-fill}, {@code http}, {@code capacity}, {@code delivery} or {@code
   * pipeline} runs that section alone; empty runs every section and writes the summary.
   */
  private static final String ONLY = System.getProperty("bench.only", "");

  @Test
  @DisplayName(
      "measures every section, writes the JSON and HTML reports and the summary of a full run")
  void bench() throws Exception {
    assertThat(ONLY)
        .as("bench.only")
        .isIn("", "calendar-fill", "http", "capacity", "delivery", "pipeline");
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    JsonObject config = backing.config();
    config.getJsonObject("events").put("rebalance-ms", 200);
    // Turn checkouts away once the pipeline is 3 s behind: well past the 1 s p99 of a sustained
    // rate, so backpressure never trims a sustainable probe, yet meets the overload run in time.
    config.getJsonObject("cart").put("backpressure", new JsonObject().put("max-lag-ms", 3000));
    // Tokens signed for one phase serve the next ones too: longer than the default 5 minutes.
    config.getJsonObject("jwt").put("token-ttl-seconds", 3600);
    MongoClient mongo = MongoClients.create(backing.settings().mongoUri());
    Vertx vertx = Vertx.vertx();
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setKeepAlive(true),
            // Open loop: as many connections as checkouts in flight, so that the node sees the
            // offered load (and can turn it away) instead of a queue held in this client.
            new PoolOptions().setHttp1MaxSize(OPEN_LOOP_CONNECTIONS).setMaxWaitQueueSize(-1));
    JsonObject report =
        new JsonObject()
            .put(
                "machine",
                new JsonObject()
                    .put("cores", Runtime.getRuntime().availableProcessors())
                    .put("java", System.getProperty("java.version"))
                    .put("at", Instant.now().toString())
                    .put("backing", "embedded (mongo-java-server in memory, redis-server)"));
    try {
      // The node whose HTTP is measured listens on a port of its own with one HTTP instance per
      // core, as in production: with an ephemeral port (0) a node runs a single instance.
      JsonObject perCoreHttp = config.copy();
      perCoreHttp.getJsonObject("http").put("port", freePort()).put("instances", 0);
      boolean all = ONLY.isEmpty();
      if (all || ONLY.equals("pipeline")) {
        pipelineAndHttp(vertx, perCoreHttp, backing.settings().redisUrl(), client, mongo, report);
      }
      if (all || ONLY.equals("capacity")) {
        // A clean slate, so that the pipeline's backlog does not run into the capacity probes.
        backing.reset();
        report.put("capacity", capacity(vertx, perCoreHttp, client, mongo));
        phase("capacity done");
      }
      if (all) {
        backing.reset();
        report.put("scaleOut", scaleOut(config, client, mongo));
      }
      if (ONLY.equals("http")) {
        report.put("http", httpAlone(vertx, perCoreHttp, client, mongo));
      }
      if (all || ONLY.equals("calendar-fill")) {
        // Again: the calendar fill's tours must meet only its own realtors.
        backing.reset();
        report.put("calendarFill", calendarFill(config, vertx, client, mongo));
        phase("calendar fill done");
      }
      if (all || ONLY.equals("delivery")) {
        report.put("bridge", Report.bridge(BridgeThroughputBenchmark.run(BRIDGE_EVENTS)));
        phase("bridge done");
        report.put(
            "subscription",
            Report.subscription(SubscriptionThroughputBenchmark.run(SUBSCRIPTION_EVENTS)));
        phase("subscription done");
      }
      if (all) {
        report.put("summary", Report.summary(report));
      }
    } finally {
      client.close();
      Sync.await(vertx.close());
      mongo.close();
    }
    Path dir = Path.of(System.getProperty("bench.output", "target/bench"));
    Report.write(report, dir);
    System.out.printf(
        "%n%s%nReports: %s, %s%n",
        Report.figures(report), dir.resolve("report.json"), dir.resolve("report.html"));
    assertThat(dir.resolve("report.html")).exists();
    if (ONLY.isEmpty()) {
      assertThat(report.getJsonObject("pipeline").getJsonArray("loads")).hasSize(LOADS.length);
    }
  }

  /**
   * One node with every service: the floor, HTTP against a bare endpoint, then the booking pipeline
   * at each offered load; puts {@code http} and {@code pipeline} into the report.
   */
  private static void pipelineAndHttp(
      Vertx vertx,
      JsonObject config,
      String redisUrl,
      WebClient client,
      MongoClient mongo,
      JsonObject report) {
    TestNode node = Sync.await(TestNode.start(vertx, config, NodeRuntime.availableServices()));
    int warmUp = 0;
    for (double rate : WARM_UP_RATES) {
      warmUp += (int) (rate * WARM_UP_TIME.toSeconds());
    }
    int bookings = warmUp;
    for (double load : LOADS) {
      bookings += (int) (load * LOAD_TIME.toSeconds());
    }
    Booking booking =
        Booking.prepare(node, client, mongo, "bench", bookings, PIPELINE_REALTORS, PIPELINE_DAYS);
    phase("%d customers with a full cart, %d realtors", bookings, PIPELINE_REALTORS);

    JsonObject floor = floor(vertx, mongo, redisUrl);
    phase("floor p50 %.2f ms", floor.getDouble("p50Ms"));
    if (ONLY.isEmpty()) {
      report.put("http", http(client, vertx, config, node, booking));
      phase("HTTP measured");
    }

    // Unrecorded loads, rising: the pipeline's code runs compiled, as in a node that has served.
    // With 50 bookings at 25/s only, the first recorded load met code still being compiled: its
    // p50 swung between 0.2 and 1.5 s from run to run.
    int offset = 0;
    for (double rate : WARM_UP_RATES) {
      int count = (int) (rate * WARM_UP_TIME.toSeconds());
      booking
          .load(List.of(node))
          .run(booking.customers().subList(offset, offset + count), rate, DRAIN);
      offset += count;
      awaitDelivered(node, System.nanoTime() + SETTLE.toNanos());
    }
    phase("warmed up with %d bookings at %s/s", warmUp, Arrays.toString(WARM_UP_RATES));

    JsonArray loads = new JsonArray();
    for (double load : LOADS) {
      int count = (int) (load * LOAD_TIME.toSeconds());
      BookingLoad.Result result =
          booking
              .load(List.of(node))
              .run(booking.customers().subList(offset, offset + count), load, DRAIN);
      offset += count;
      loads.add(
          result
              .toJson()
              .put("p50OverFloor", result.latency().millis(50) / floor.getDouble("p50Ms")));
      phase(
          "offered %.0f/s: %d of %d scheduled (%d answered 429), %.1f/s, p50 %.0f ms",
          load,
          result.scheduled(),
          result.sent(),
          result.rejected(),
          result.achievedPerSecond(),
          result.latency().millis(50));
      awaitDelivered(node, System.nanoTime() + SETTLE.toNanos());
    }
    report.put("pipeline", new JsonObject().put("loads", loads).put("floor", floor));
    Sync.await(node.stop());
    phase("pipeline done, node stopped");
  }

  /**
   * On a clean slate, one node with every service: the highest offered rate it sustains ({@link
   * Capacity}), then {@value #OVERLOAD_FACTOR} times that rate for as long, drained as the pipeline
   * loads are: the goodput under overload over the sustained rate.
   */
  private static JsonObject capacity(
      Vertx vertx, JsonObject config, WebClient client, MongoClient mongo) {
    TestNode node = Sync.await(TestNode.start(vertx, config, NodeRuntime.availableServices()));
    try {
      Booking booking =
          Booking.prepare(node, client, mongo, "capacity", 0, CAPACITY_REALTORS, PIPELINE_DAYS);
      Capacity.Search search =
          Capacity.search(
              rate -> {
                BookingLoad.Result result =
                    probe(booking, node, rate, PROBE_TIME.plus(PROBE_DRAIN));
                phase(
                    "capacity: offered %.1f/s, %d of %d scheduled, p99 %.0f ms, %s",
                    rate,
                    result.scheduled(),
                    result.sent(),
                    result.latency().millis(99),
                    Capacity.sustained(result) ? "sustained" : "not sustained");
                return result;
              },
              CAPACITY_START,
              CAPACITY_MAX,
              CAPACITY_BISECTIONS);
      JsonObject capacity = search.toJson().put("probeSeconds", PROBE_TIME.toSeconds());
      double sustained = search.sustainedPerSecond();
      if (sustained == 0) {
        return capacity.put("overloadGoodputRatio", 0.0);
      }
      BookingLoad.Result overload = probe(booking, node, OVERLOAD_FACTOR * sustained, DRAIN);
      phase(
          "overload: offered %.1f/s, %d scheduled, %d answered 429, %.1f/s",
          overload.offeredPerSecond(),
          overload.scheduled(),
          overload.rejected(),
          overload.achievedPerSecond());
      return capacity
          .put("overload", overload.toJson())
          .put("overloadGoodputRatio", overload.achievedPerSecond() / sustained);
    } finally {
      Sync.await(node.stop());
    }
  }

  /**
   * Offers the checkouts of {@link Capacity#tours} new customers at {@code rate}, waits for their
   * tours until {@code drain} after the first, then until the node has delivered every event.
   */
  private static BookingLoad.Result probe(
      Booking booking, TestNode node, double rate, Duration drain) {
    List<String> customers =
        booking.addCustomers(node, "capacity", Capacity.tours(rate, PROBE_TIME));
    BookingLoad.Result result = booking.load(List.of(node)).run(customers, rate, drain);
    awaitDelivered(node, System.nanoTime() + SETTLE.toNanos());
    return result;
  }

  /** The HTTP section on a node of its own, with one customer and the search's listings. */
  private static JsonObject httpAlone(
      Vertx vertx, JsonObject config, WebClient client, MongoClient mongo) {
    TestNode node = Sync.await(TestNode.start(vertx, config, NodeRuntime.availableServices()));
    try {
      Booking booking = Booking.prepare(node, client, mongo, "http", 1, 1, 1);
      return http(client, vertx, config, node, booking);
    } finally {
      Sync.await(node.stop());
    }
  }

  /**
   * On a clean slate, one node with every service and {@value #CALENDAR_FILL_REALTORS} realtors
   * takes {@code bench.calendar-fill-requests} checkouts whose preferred times are spread over
   * {@value #CALENDAR_FILL_DAYS} business days; where the tours ended up.
   */
  private static JsonObject calendarFill(
      JsonObject config, Vertx vertx, WebClient client, MongoClient mongo) {
    TestNode node = Sync.await(TestNode.start(vertx, config, NodeRuntime.availableServices()));
    try {
      Booking booking =
          Booking.prepare(
              node,
              client,
              mongo,
              "fill",
              CALENDAR_FILL_REQUESTS,
              CALENDAR_FILL_REALTORS,
              CALENDAR_FILL_DAYS);
      phase(
          "calendar fill: %d customers with a full cart, %d realtors",
          CALENDAR_FILL_REQUESTS, CALENDAR_FILL_REALTORS);
      long deadline = System.nanoTime() + CALENDAR_FILL_DRAIN.toNanos();
      BookingLoad.Offered offered =
          booking.load(List.of(node)).offer(booking.customers(), CALENDAR_FILL_RATE, deadline);
      return CalendarFill.measure(
              mongo,
              offered.sentAt().keySet(),
              CALENDAR_FILL_REQUESTS,
              CALENDAR_FILL_REALTORS,
              CALENDAR_FILL_DAYS,
              deadline)
          .toJson();
    } finally {
      Sync.await(node.stop());
    }
  }

  /**
   * The people, the listing, the full carts and each customer's preferred times (seeded, spread
   * over the coming business days) of a run, seeded through {@code node}.
   */
  private record Booking(
      List<String> customers,
      Map<String, String> tokens,
      Map<String, JsonArray> preferredTimes,
      List<LocalDate> days,
      Random random,
      String listingId,
      String providerToken,
      MongoClient mongo,
      WebClient client) {

    static Booking prepare(
        TestNode node,
        WebClient client,
        MongoClient mongo,
        String prefix,
        int count,
        int realtors,
        int businessDays) {
      Population population = new Population(mongo);
      String providerId = population.provider(prefix);
      population.realtors(prefix, realtors);
      long deadline = System.nanoTime() + SETUP_DEADLINE.toNanos();
      String providerToken = node.token(providerId, Roles.PROVIDER);
      String listingId = Population.listing(client, node.port, providerToken, deadline);
      Booking booking =
          new Booking(
              new ArrayList<>(),
              new HashMap<>(),
              new HashMap<>(),
              Population.businessDays(LocalDate.now(ZoneOffset.UTC), businessDays),
              new Random(SEED),
              listingId,
              providerToken,
              mongo,
              client);
      booking.addCustomers(node, prefix, count);
      return booking;
    }

    /**
     * Adds {@code count} customers, each with seeded preferred times and the listing in a full
     * cart, once the node has delivered the events of their accounts; returns them.
     */
    List<String> addCustomers(TestNode node, String prefix, int count) {
      List<String> added = new Population(mongo).customers(prefix + customers.size(), count);
      for (String customer : added) {
        preferredTimes.put(customer, Population.preferredTimes(random, days));
        tokens.put(customer, node.token(customer, Roles.CUSTOMER));
      }
      awaitDelivered(node, System.nanoTime() + SETUP_DEADLINE.toNanos());
      customers.addAll(added);
      load(List.of(node)).fillCarts(added);
      return added;
    }

    BookingLoad load(List<TestNode> nodes) {
      return new BookingLoad(
          nodes.stream().map(node -> new BookingLoad.Target(client, node.port)).toList(),
          tokens::get,
          preferredTimes::get,
          mongo,
          listingId);
    }

    String anyCustomerToken() {
      return tokens.get(customers.get(0));
    }
  }

  private static JsonObject floor(Vertx vertx, MongoClient mongo, String redisUrl) {
    Latencies change = Floor.changeEvent(mongo, FLOOR_SAMPLES);
    Latencies claim = Floor.claim(vertx, redisUrl, FLOOR_SAMPLES);
    Latencies requestReply = Floor.requestReply(vertx, FLOOR_SAMPLES * 3);
    double p50 =
        Floor.HOPS * change.millis(50)
            + claim.millis(50)
            + Floor.REQUEST_REPLIES * requestReply.millis(50);
    return new JsonObject()
        .put("hops", Floor.HOPS)
        .put("requestReplies", Floor.REQUEST_REPLIES)
        .put("p50Ms", p50)
        .put("changeEventMs", change.toJson())
        .put("claimMs", claim.toJson())
        .put("requestReplyMs", requestReply.toJson());
  }

  /** Creates the search's listings, then measures the listing reads ({@link ListingReads}). */
  private static JsonObject http(
      WebClient client, Vertx vertx, JsonObject config, TestNode node, Booking booking) {
    List<Supplier<Future<?>>> creates = new ArrayList<>();
    for (int i = 0; i < SEARCH_LISTINGS; i++) {
      creates.add(
          () ->
              client
                  .post(node.port, "127.0.0.1", "/api/v1/listings")
                  .bearerTokenAuthentication(booking.providerToken())
                  .sendJsonObject(Population.listingBody()));
    }
    Sync.await(BookingLoad.throttled(creates, 8));
    // On a quiet node: the events of the population and of these listings are delivered first, so
    // that their consumers do not take turns with the slices measured.
    awaitDelivered(node, System.nanoTime() + SETTLE.toNanos());
    return ListingReads.measure(
        vertx,
        client,
        config,
        node.port,
        booking.anyCustomerToken(),
        booking.listingId(),
        SEARCH_LISTINGS + 1);
  }

  /**
   * The same offered load on one clustered node, then on two (a second Vert.x with every service
   * joins the cluster, and checkouts alternate between the nodes).
   */
  private static JsonObject scaleOut(JsonObject config, WebClient client, MongoClient mongo)
      throws Exception {
    int perRun = (int) (SCALE_OUT_RATE * LOAD_TIME.toSeconds());
    int port = freePort();
    JsonObject cluster =
        new JsonObject()
            .put(
                "cluster",
                new JsonObject()
                    .put("name", "bench-" + UUID.randomUUID())
                    .put("host", "127.0.0.1")
                    .put("port", port)
                    .put(
                        "members",
                        new JsonArray().add("127.0.0.1:" + port).add("127.0.0.1:" + (port + 1))));
    List<Vertx> nodes = new ArrayList<>();
    List<TestNode> started = new ArrayList<>();
    try {
      Vertx first = Sync.await(NodeVertx.create(cluster, true));
      nodes.add(first);
      started.add(Sync.await(TestNode.start(first, config, NodeRuntime.availableServices())));
      Booking booking =
          Booking.prepare(
              started.get(0), client, mongo, "scale", 2 * perRun, PIPELINE_REALTORS, PIPELINE_DAYS);
      phase("scale-out: one clustered node, %d customers with a full cart", 2 * perRun);
      BookingLoad.Result one =
          booking.load(started).run(booking.customers().subList(0, perRun), SCALE_OUT_RATE, DRAIN);
      phase("scale-out: one node %.1f/s", one.achievedPerSecond());
      awaitDelivered(started.get(0), System.nanoTime() + SETTLE.toNanos());
      Vertx second = Sync.await(NodeVertx.create(cluster, true));
      nodes.add(second);
      started.add(Sync.await(TestNode.start(second, config, NodeRuntime.availableServices())));
      long joined = System.nanoTime();
      awaitBalanced(started);
      double balancedSeconds = (System.nanoTime() - joined) / 1e9;
      phase("scale-out: the second node holds its share after %.1f s", balancedSeconds);
      String adminToken = started.get(0).token(UUID.randomUUID().toString(), Roles.ADMIN);
      long[] before = delivered(client, started, adminToken);
      BookingLoad.Result two =
          booking
              .load(started)
              .run(booking.customers().subList(perRun, 2 * perRun), SCALE_OUT_RATE, DRAIN);
      started.forEach(node -> awaitDelivered(node, System.nanoTime() + SETTLE.toNanos()));
      long[] after = delivered(client, started, adminToken);
      long byFirst = after[0] - before[0];
      long bySecond = after[1] - before[1];
      double shareMin = Report.ratio(Math.min(byFirst, bySecond), byFirst + bySecond);
      phase(
          "scale-out: two nodes %.1f/s, deliveries %d and %d (smaller share %.2f)",
          two.achievedPerSecond(), byFirst, bySecond, shareMin);
      return new JsonObject()
          .put("offeredPerSecond", SCALE_OUT_RATE)
          .put("seconds", LOAD_TIME.toSeconds())
          .put("oneNode", one.toJson())
          .put("twoNodes", two.toJson())
          .put("ratio", two.achievedPerSecond() / one.achievedPerSecond())
          .put("twoNodeDeliveries", new JsonArray().add(byFirst).add(bySecond))
          .put("deliveryShareMin", shareMin)
          .put("secondNodeBalancedSeconds", balancedSeconds)
          .put(
              "note",
              "Both nodes run in this JVM on the same 2 cores as the embedded backing services."
                  + " Deliveries: what each node's dispatchers delivered during the two-node run,"
                  + " from local.delivered of GET /events/subscriptions, counted once the second"
                  + " node held its share of every subscription's partitions"
                  + " (secondNodeBalancedSeconds after it started).");
    } finally {
      for (TestNode node : started) {
        Sync.await(node.stop().otherwiseEmpty());
      }
      for (Vertx node : nodes) {
        Sync.await(node.close().otherwiseEmpty());
      }
    }
  }

  /**
   * Events each node's dispatchers have delivered since it started: the sum over its {@code GET
   * /events/subscriptions} of each subscription's {@code local.delivered} (0 where absent).
   */
  private static long[] delivered(WebClient client, List<TestNode> nodes, String adminToken) {
    long[] delivered = new long[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      var response =
          Sync.await(
              client
                  .get(nodes.get(i).port, "127.0.0.1", "/api/v1/events/subscriptions")
                  .bearerTokenAuthentication(adminToken)
                  .send());
      assertThat(response.statusCode()).as("GET /events/subscriptions").isEqualTo(200);
      delivered[i] =
          response.bodyAsJsonObject().getJsonArray("items").stream()
              .map(JsonObject.class::cast)
              .mapToLong(
                  item -> item.getJsonObject("local", new JsonObject()).getLong("delivered", 0L))
              .sum();
    }
    return delivered;
  }

  /**
   * Waits until the nodes share the partitions of every subscription they run evenly (counts at
   * most one apart): a joining node's fair share, which the delivery share is measured on.
   */
  private static void awaitBalanced(List<TestNode> nodes) throws Exception {
    Eventually.until(
        "the nodes to share every subscription's partitions evenly",
        SETTLE,
        () -> balanced(nodes),
        balanced -> balanced);
  }

  private static boolean balanced(List<TestNode> nodes) {
    Map<String, List<Integer>> owned = new HashMap<>();
    for (TestNode node : nodes) {
      for (Object item : Sync.await(node.node.events().subscriptions())) {
        JsonObject local = ((JsonObject) item).getJsonObject("local");
        if (local != null) {
          owned
              .computeIfAbsent(
                  ((JsonObject) item).getString("subscription"), id -> new ArrayList<>())
              .add(local.getJsonArray("partitions").size());
        }
      }
    }
    return owned.values().stream()
        .allMatch(
            counts ->
                counts.size() == nodes.size()
                    && Collections.max(counts) - Collections.min(counts) <= 1);
  }

  /** Waits until every subscription this node dispatches has no pending change left. */
  private static void awaitDelivered(TestNode node, long deadlineNanos) {
    while (System.nanoTime() < deadlineNanos) {
      JsonArray statuses = Sync.await(node.node.events().subscriptions());
      boolean pending =
          statuses.stream()
              .map(JsonObject.class::cast)
              .filter(status -> status.containsKey("local"))
              .anyMatch(status -> status.getLong("pendingChanges", 0L) > 0);
      if (!pending) {
        return;
      }
      Sync.pause(250);
    }
  }

  private static void phase(String format, Object... values) {
    System.out.printf(
        "[bench %4ds] %s%n",
        java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - STARTED),
        String.format(java.util.Locale.ROOT, format, values));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
