package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.tourbook.bridge.BridgeFixtures;
import io.tourbook.platform.auth.AccountStates;
import io.tourbook.platform.auth.JwtKeys;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.calendar.CalendarRules;
import io.tourbook.platform.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The chaos run: three clustered app nodes as processes of the packaged launcher, over a backing
 * services process of their own. A driver books {@code chaos.tours} tours against any live node,
 * retrying a checkout with the same Idempotency-Key when a node does not answer, while a random
 * node is killed with SIGKILL and restarted, {@code chaos.kill-every-seconds} after the previous
 * one serves again. The tours go to {@code chaos.realtors} (50) realtors, each holding many: every
 * customer asks for one to three times (seeded, {@code chaos.seed}) over the next ten business
 * days. About {@code chaos.cancel-percent} (10) percent of the customers cancel their tour right
 * after booking it, during the kills, so refunds run through the crashes too. Once the pipeline has
 * settled, the {@link Invariants} are checked against the databases. Run with scripts/chaos.sh.
 */
@DisplayName("Chaos")
class ChaosRun {

  private static final String CHAOS_ADMIN = "chaos-admin";

  private static final int TOURS = Integer.getInteger("chaos.tours", 1000);
  private static final int REALTORS = Integer.getInteger("chaos.realtors", 50);
  // Preferred times over the next ten business days: about two tours per realtor and day.
  private static final int BUSINESS_DAYS = 10;
  private static final long SEED = Long.getLong("chaos.seed", 7);
  // A tour still waiting for a realtor this long is cancelled (no-realtor) well within SETTLE.
  private static final long MAX_WAIT_SECONDS = 300;
  private static final Duration KILL_EVERY =
      Duration.ofSeconds(Long.getLong("chaos.kill-every-seconds", 20));
  private static final int MIN_KILLS = Integer.getInteger("chaos.min-kills", 5);

  /** The nodes' {@code events.partitions} (the default). */
  private static final int PARTITIONS = 8;

  private static final int CANCEL_PERCENT = Integer.getInteger("chaos.cancel-percent", 10);
  private static final Duration SETTLE =
      Duration.ofSeconds(Long.getLong("chaos.settle-seconds", 420));
  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration CALL_DEADLINE = Duration.ofMinutes(3);
  private static final long REQUEST_TIMEOUT_MS = 20_000;
  private static final long SUBSCRIPTIONS_TIMEOUT_MS = 120_000;
  private static final int CONCURRENCY = 8;
  // Filling the carts and booking, each; the bridge's deliveries share the 2 cores.
  private static final Duration BULK = Duration.ofMinutes(Long.getLong("chaos.bulk-minutes", 20));

  /**
   * Every service on two nodes at least (cart and payment, the checkout path, on all three), so
   * killing one node leaves every service running.
   */
  private static final Map<String, String> SERVICES =
      Map.of(
          "node-a", "iam,listing,cart,payment,availability,assignment,bridge",
          "node-b", "iam,listing,cart,payment,tour,scheduling,bridge",
          "node-c", "cart,payment,tour,scheduling,availability,assignment");

  private static final long STARTED = System.nanoTime();

  private final List<String> kills = new ArrayList<>();

  /** Per kill: how many subscription partitions the killed node held, all taken over by others. */
  private final List<Integer> partitionsMoved = new ArrayList<>();

  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final AtomicInteger cancelsFailed = new AtomicInteger();

  /**
   * Records the people written straight into iam's collection, and the admin that exists only as a
   * token, as active accounts: what iam does at registration, so that every node accepts their
   * tokens at once rather than once iam has caught up with their events.
   */
  private static void markActive(
      Vertx vertx,
      String redisUrl,
      String provider,
      List<String> customers,
      List<String> realtors) {
    AccountStates states =
        AccountStates.create(
            vertx, new JsonObject().put("redis", new JsonObject().put("url", redisUrl)));
    try {
      List<String> subjects = new ArrayList<>(List.of(CHAOS_ADMIN, provider));
      subjects.addAll(customers);
      subjects.addAll(realtors);
      for (String subject : subjects) {
        Sync.await(states.set(subject, AccountStates.ACTIVE));
      }
    } finally {
      Sync.await(states.close());
    }
  }

  @Test
  @DisplayName("books tours while nodes are killed, and every invariant holds afterwards")
  void chaos() throws Exception {
    Path jar = Path.of(System.getProperty("tourbook.jar", "verticles/app/target/tourbook.jar"));
    assertThat(jar).as("the packaged launcher (scripts/chaos.sh builds it)").exists();
    Path work = Path.of(System.getProperty("bench.output", "target/bench")).resolveSibling("chaos");
    deleteRecursively(work);
    Files.createDirectories(work);
    Files.writeString(work.resolve("chaos.yaml"), chaosConfig());
    int clusterPort = freePort();
    Map<String, String> clusterEnv =
        Map.of(
            "CLUSTER_NAME", "chaos-" + UUID.randomUUID(),
            "CLUSTER_PORT", Integer.toString(clusterPort),
            "CLUSTER_MEMBERS",
                String.join(
                    ",",
                    Stream.of(0, 1, 2, 3).map(i -> "127.0.0.1:" + (clusterPort + i)).toList()));
    Vertx vertx = Vertx.vertx();
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions().setConnectTimeout(2000).setKeepAlive(false),
            new PoolOptions().setHttp1MaxSize(32).setMaxWaitQueueSize(-1));
    try (NodeProcesses cluster = new NodeProcesses(jar, work, clusterEnv)) {
      Map<String, String> backing = cluster.startBacking();
      phase("backing services up: %s", backing.get("MONGO_URI"));
      JsonObject nodesConfig = nodesConfig(vertx, work);
      JwtKeys keys = Sync.await(JwtKeys.load(vertx, nodesConfig));
      for (String name : new java.util.TreeSet<>(SERVICES.keySet())) {
        cluster.start(cluster.add(name, SERVICES.get(name), freePort()));
      }
      long startDeadline = System.nanoTime() + START.toNanos();
      for (NodeProcesses.Node node : cluster.nodes()) {
        awaitHealthy(client, node, startDeadline);
      }
      phase("3 nodes healthy");
      MongoClient mongo = MongoClients.create(backing.get("MONGO_URI"));
      try {
        Population population = new Population(mongo);
        String provider = population.provider("chaos");
        List<String> customers = population.customers("chaos", TOURS);
        List<String> realtors = population.realtors("chaos", REALTORS);
        markActive(vertx, backing.get("REDIS_URL"), provider, customers, realtors);
        String admin = keys.sign(claims(CHAOS_ADMIN, Roles.ADMIN));
        NodeProcesses.Node lister = cluster.nodes().get(0);
        String listingId =
            Population.listing(
                client,
                lister.httpPort,
                keys.sign(claims(provider, Roles.PROVIDER)),
                startDeadline);
        awaitRealtorsAvailable(client, lister, admin, startDeadline);
        phase("%d customers, %d realtors, listing %s", TOURS, REALTORS, listingId);

        Map<String, String> tokens = new ConcurrentHashMap<>();
        customers.forEach(c -> tokens.put(c, keys.sign(claims(c, Roles.CUSTOMER))));
        Random random = new Random(SEED);
        List<LocalDate> days =
            Population.businessDays(LocalDate.now(ZoneOffset.UTC), BUSINESS_DAYS);
        Map<String, JsonArray> preferredTimes = new HashMap<>();
        customers.forEach(c -> preferredTimes.put(c, Population.preferredTimes(random, days)));
        Sync.await(
            BookingLoad.throttled(
                calls(customers, c -> addToCart(vertx, client, cluster, tokens.get(c), listingId)),
                CONCURRENCY),
            BULK);
        phase("carts filled");

        AtomicBoolean booked = new AtomicBoolean();
        Thread killer = new Thread(() -> killUntil(cluster, client, admin, booked), "chaos-killer");
        killer.start();
        Map<String, String> paymentOfCustomer = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        Sync.await(
            BookingLoad.throttled(
                calls(
                    customers,
                    c ->
                        checkout(
                                vertx,
                                client,
                                cluster,
                                tokens.get(c),
                                UUID.randomUUID().toString(),
                                preferredTimes.get(c))
                            .onSuccess(payment -> paymentOfCustomer.put(c, payment))
                            .compose(
                                payment ->
                                    ThreadLocalRandom.current().nextInt(100) < CANCEL_PERCENT
                                        ? cancelTour(vertx, client, cluster, tokens.get(c))
                                        : Future.succeededFuture())
                            .otherwise(
                                failure -> {
                                  failed.incrementAndGet();
                                  System.out.println("checkout failed: " + failure);
                                  return null;
                                })),
                CONCURRENCY),
            BULK);
        phase(
            "%d checkouts succeeded, %d failed, %d retries, %d tours cancelled (%d cancels failed)",
            paymentOfCustomer.size(),
            failed.get(),
            retries.get(),
            cancelled.get(),
            cancelsFailed.get());
        booked.set(true);
        killer.join();
        for (NodeProcesses.Node node : cluster.nodes()) {
          if (!node.alive()) {
            cluster.start(node);
          }
          awaitHealthy(client, node, System.nanoTime() + START.toNanos());
        }
        phase("%d kills done, every node up again", kills.size());

        Supplier<JsonArray> subscriptions = () -> subscriptions(client, cluster, admin);
        Set<String> groups = deployedGroups();
        long settleDeadline = System.nanoTime() + SETTLE.toNanos();
        for (int round = 0; System.nanoTime() < settleDeadline; round++) {
          Invariants.Outcome delivered = Invariants.delivered(subscriptions.get(), groups);
          Map<String, Long> statuses = Invariants.tourStatuses(mongo);
          if (Invariants.FINAL_TOUR_STATES.containsAll(statuses.keySet())
              && delivered.passed()
              && statuses.values().stream().mapToLong(Long::longValue).sum()
                  >= paymentOfCustomer.size()) {
            break;
          }
          if (round % 15 == 0) {
            phase("settling: tours %s; %s", statuses, delivered.detail());
          }
          Sync.pause(2000);
        }
        phase("settled (or out of time): tours %s", Invariants.tourStatuses(mongo));

        Duration buffer = CalendarRules.from(nodesConfig).minTravelBuffer();
        List<Invariants.Check> checks =
            new ArrayList<>(
                Invariants.standard(mongo, paymentOfCustomer, subscriptions, groups, buffer));
        long noRealtor =
            Sync.all(
                    mongo
                        .getDatabase("tour")
                        .getCollection("tours")
                        .countDocuments(Filters.eq("cancelReason", "no-realtor")))
                .get(0);
        SqsAsyncClient sqs = BridgeFixtures.sqs(URI.create(backing.get("SQS_ENDPOINT")));
        checks.add(Invariants.bridged(mongo, sqs, groups));
        List<String> violated = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        table.append(
            String.format(
                Locale.ROOT,
                "%nChaos summary%n  tours booked: %d of %d with %d realtors (%d checkouts failed,"
                    + " %d retries)%n"
                    + "  tours cancelled by their customer: %d (%d cancels failed)%n"
                    + "  tours cancelled by the platform, no realtor within %d s: %d%n"
                    + "  node kills: %d (%s)%n  partitions moved per kill: %s%n"
                    + "  node starts: %s%n",
                paymentOfCustomer.size(),
                TOURS,
                REALTORS,
                failed.get(),
                retries.get(),
                cancelled.get(),
                cancelsFailed.get(),
                MAX_WAIT_SECONDS,
                noRealtor,
                kills.size(),
                String.join(", ", kills),
                partitionsMoved,
                cluster.nodes().stream().map(n -> n.name + " x" + n.starts).toList()));
        for (Invariants.Check check : checks) {
          Invariants.Outcome outcome = check.verdict().get();
          if (!outcome.passed()) {
            violated.add(check.name());
          }
          table.append(
              String.format(
                  Locale.ROOT,
                  "  %-4s %-64s %s%n",
                  outcome.passed() ? "OK" : "FAIL",
                  check.name(),
                  outcome.detail()));
        }
        sqs.close();
        System.out.println(table);
        Files.writeString(work.resolve("summary.txt"), table.toString());
        assertThat(kills).as("node kills").hasSizeGreaterThanOrEqualTo(MIN_KILLS);
        assertThat(partitionsMoved)
            .as("partitions that moved to other nodes on each kill")
            .allSatisfy(moved -> assertThat(moved).isPositive());
        assertThat(failed.get()).as("checkouts that never succeeded").isZero();
        assertThat(violated).as("violated invariants").isEmpty();
      } finally {
        mongo.close();
      }
    } finally {
      client.close();
      Sync.await(vertx.close());
    }
  }

  /**
   * Kills a random node KILL_EVERY after the previous one serves again and restarts it, until
   * booking is done and there were enough kills.
   */
  private void killUntil(
      NodeProcesses cluster, WebClient client, String admin, AtomicBoolean booked) {
    try {
      while (!booked.get() || kills.size() < MIN_KILLS) {
        Sync.pause(KILL_EVERY.toMillis());
        List<NodeProcesses.Node> alive =
            cluster.nodes().stream().filter(NodeProcesses.Node::alive).toList();
        if (alive.isEmpty()) {
          continue;
        }
        NodeProcesses.Node victim = alive.get(ThreadLocalRandom.current().nextInt(alive.size()));
        int held =
            ownedPartitions(client, victim, admin).values().stream().mapToInt(Set::size).sum();
        cluster.kill(victim);
        synchronized (kills) {
          kills.add(victim.name + "@" + elapsedSeconds() + "s");
        }
        phase("killed %s (kill %d)", victim.name, kills.size());
        awaitPartitionsOwned(client, cluster, admin, System.nanoTime() + START.toNanos());
        synchronized (partitionsMoved) {
          partitionsMoved.add(held);
        }
        phase("the survivors own every partition, %d of them the killed node's", held);
        cluster.start(victim);
        // The next interval starts once the node serves again, so at most one node is down.
        awaitHealthy(client, victim, System.nanoTime() + START.toNanos());
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("The killer stopped", e);
    }
  }

  private Future<Void> addToCart(
      Vertx vertx, WebClient client, NodeProcesses cluster, String token, String listingId) {
    return postToAnyNode(
            vertx,
            client,
            cluster,
            "cart",
            "/api/v1/carts/me/items",
            token,
            null,
            new JsonObject().put("listingId", listingId),
            // 409: the item is in the cart already, added by an attempt whose answer was lost.
            status -> status == 201 || status == 409)
        .mapEmpty();
  }

  private Future<String> checkout(
      Vertx vertx,
      WebClient client,
      NodeProcesses cluster,
      String token,
      String key,
      JsonArray preferredTimes) {
    return postToAnyNode(
            vertx,
            client,
            cluster,
            "cart",
            "/api/v1/carts/me/checkout",
            token,
            key,
            new JsonObject().put("paymentToken", "tok_visa").put("preferredTimes", preferredTimes),
            status -> status == 201)
        .map(response -> response.bodyAsJsonObject().getString("paymentId"));
  }

  /**
   * The customer cancels their tour once the tour service has created it: polls their tours on any
   * live node, then cancels (200, or 409 if it already completed). A cancel that does not get
   * through is counted, not a failed checkout.
   */
  private Future<Void> cancelTour(
      Vertx vertx, WebClient client, NodeProcesses cluster, String token) {
    long deadline = System.nanoTime() + CALL_DEADLINE.toNanos();
    return tourOf(vertx, client, cluster, token, deadline)
        .compose(
            tourId ->
                postToAnyNode(
                    vertx,
                    client,
                    cluster,
                    "tour",
                    "/api/v1/tours/" + tourId + "/cancel",
                    token,
                    null,
                    new JsonObject(),
                    status -> status == 200 || status == 409))
        .<Void>map(
            response -> {
              if (response.statusCode() == 200) {
                cancelled.incrementAndGet();
              }
              return null;
            })
        .otherwise(
            failure -> {
              cancelsFailed.incrementAndGet();
              System.out.println("cancel failed: " + failure);
              return null;
            });
  }

  /** The id of the customer's tour, polled until tour has created it. */
  private Future<String> tourOf(
      Vertx vertx, WebClient client, NodeProcesses cluster, String token, long deadline) {
    return retrying(
            vertx,
            deadline,
            () ->
                client
                    .get(anyLive(cluster, "tour").httpPort, "127.0.0.1", "/api/v1/tours")
                    .timeout(REQUEST_TIMEOUT_MS)
                    .bearerTokenAuthentication(token)
                    .send(),
            status -> status == 200)
        .compose(
            response -> {
              JsonArray items = response.bodyAsJsonObject().getJsonArray("items", new JsonArray());
              if (!items.isEmpty()) {
                return Future.succeededFuture(items.getJsonObject(0).getString("id"));
              }
              if (System.nanoTime() > deadline) {
                return Future.failedFuture("the tour was never created");
              }
              return vertx.timer(500).compose(v -> tourOf(vertx, client, cluster, token, deadline));
            });
  }

  /**
   * Posts to a random live node running {@code service}, with the Idempotency-Key unless null,
   * retrying as below.
   */
  private Future<HttpResponse<Buffer>> postToAnyNode(
      Vertx vertx,
      WebClient client,
      NodeProcesses cluster,
      String service,
      String path,
      String token,
      String idempotencyKey,
      JsonObject body,
      java.util.function.IntPredicate done) {
    long deadline = System.nanoTime() + CALL_DEADLINE.toNanos();
    return retrying(
        vertx,
        deadline,
        () -> {
          NodeProcesses.Node node = anyLive(cluster, service);
          var request =
              client
                  .post(node.httpPort, "127.0.0.1", path)
                  .timeout(REQUEST_TIMEOUT_MS)
                  .bearerTokenAuthentication(token);
          if (idempotencyKey != null) {
            request.putHeader("Idempotency-Key", idempotencyKey);
          }
          return request.sendJsonObject(body);
        },
        done);
  }

  /**
   * Sends until {@code done} accepts the status; connection failures, 5xx, 409 (the same key still
   * running) and 429 are retried on any live node, other answers fail.
   */
  private Future<HttpResponse<Buffer>> retrying(
      Vertx vertx,
      long deadline,
      Supplier<Future<HttpResponse<Buffer>>> send,
      java.util.function.IntPredicate done) {
    return send.get()
        .transform(
            answer -> {
              if (answer.succeeded() && done.test(answer.result().statusCode())) {
                return Future.succeededFuture(answer.result());
              }
              boolean retryable =
                  answer.failed()
                      || answer.result().statusCode() >= 500
                      || answer.result().statusCode() == 409
                      || answer.result().statusCode() == 429;
              String what =
                  answer.failed()
                      ? answer.cause().toString()
                      : answer.result().statusCode() + " " + answer.result().bodyAsString();
              if (!retryable || System.nanoTime() > deadline) {
                return Future.failedFuture(what);
              }
              retries.incrementAndGet();
              return vertx.timer(250).compose(v -> retrying(vertx, deadline, send, done));
            });
  }

  /** A random live node running {@code service} (any node when null); a dead one if none lives. */
  private static NodeProcesses.Node anyLive(NodeProcesses cluster, String service) {
    List<NodeProcesses.Node> running =
        cluster.nodes().stream()
            .filter(node -> service == null || List.of(node.services.split(",")).contains(service))
            .toList();
    List<NodeProcesses.Node> alive = running.stream().filter(NodeProcesses.Node::alive).toList();
    List<NodeProcesses.Node> from = alive.isEmpty() ? running : alive;
    return from.get(ThreadLocalRandom.current().nextInt(from.size()));
  }

  private static <T> List<Supplier<Future<?>>> calls(
      List<String> customers, java.util.function.Function<String, Future<T>> call) {
    List<Supplier<Future<?>>> calls = new ArrayList<>();
    customers.forEach(customer -> calls.add(() -> call.apply(customer)));
    return calls;
  }

  private static JsonArray subscriptions(WebClient client, NodeProcesses cluster, String admin) {
    String lastAnswer = "none";
    for (int attempt = 0; attempt < 10; attempt++) {
      NodeProcesses.Node node = anyLive(cluster, null);
      try {
        HttpResponse<Buffer> response =
            Sync.await(
                client
                    .get(node.httpPort, "127.0.0.1", "/api/v1/events/subscriptions")
                    // The answer reads the embedded oplog from the oldest checkpoint on.
                    .timeout(SUBSCRIPTIONS_TIMEOUT_MS)
                    .bearerTokenAuthentication(admin)
                    .send());
        if (response.statusCode() == 200) {
          return response.bodyAsJsonObject().getJsonArray("items");
        }
        lastAnswer = node.name + ": " + response.statusCode() + " " + response.bodyAsString();
      } catch (IllegalStateException notAnswering) {
        lastAnswer = node.name + ": " + notAnswering.getMessage();
      }
      Sync.pause(500);
    }
    throw new IllegalStateException(
        "No node answered the subscriptions query; the last answer: " + lastAnswer);
  }

  /** The consumer groups the nodes run: the services deployed somewhere. */
  private static Set<String> deployedGroups() {
    Set<String> groups = new java.util.TreeSet<>();
    SERVICES.values().forEach(list -> groups.addAll(List.of(list.split(","))));
    return groups;
  }

  private static void awaitHealthy(WebClient client, NodeProcesses.Node node, long deadline) {
    while (System.nanoTime() < deadline) {
      try {
        if (Sync.await(client.get(node.httpPort, "127.0.0.1", "/health").timeout(5000).send())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // still starting
      }
      Sync.pause(500);
    }
    throw new IllegalStateException(node.name + " not healthy in time; see its log");
  }

  /** The partitions a node dispatches, per subscription, from its {@code local} status. */
  private static Map<String, Set<Integer>> ownedPartitions(
      WebClient client, NodeProcesses.Node node, String admin) {
    HttpResponse<Buffer> response =
        Sync.await(
            client
                .get(node.httpPort, "127.0.0.1", "/api/v1/events/subscriptions")
                .bearerTokenAuthentication(admin)
                .send());
    Map<String, Set<Integer>> owned = new HashMap<>();
    if (response.statusCode() != 200) {
      return owned;
    }
    for (Object item : response.bodyAsJsonObject().getJsonArray("items")) {
      JsonObject status = (JsonObject) item;
      JsonObject local = status.getJsonObject("local");
      if (local != null) {
        Set<Integer> partitions = new HashSet<>();
        local.getJsonArray("partitions").forEach(p -> partitions.add(((Number) p).intValue()));
        owned.put(status.getString("subscription"), partitions);
      }
    }
    return owned;
  }

  /**
   * Waits until the live nodes together own all {@value #PARTITIONS} partitions of every
   * subscription they run: the killed node's partitions have moved.
   */
  private static void awaitPartitionsOwned(
      WebClient client, NodeProcesses cluster, String admin, long deadline) {
    while (System.nanoTime() < deadline) {
      Map<String, Set<Integer>> owned = new HashMap<>();
      for (NodeProcesses.Node node : cluster.nodes()) {
        if (node.alive()) {
          ownedPartitions(client, node, admin)
              .forEach(
                  (id, partitions) ->
                      owned.computeIfAbsent(id, k -> new HashSet<>()).addAll(partitions));
        }
      }
      if (!owned.isEmpty()
          && owned.values().stream().allMatch(partitions -> partitions.size() == PARTITIONS)) {
        return;
      }
      Sync.pause(250);
    }
    throw new IllegalStateException("the survivors never took over every partition");
  }

  private static void awaitRealtorsAvailable(
      WebClient client, NodeProcesses.Node node, String admin, long deadline) {
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> response =
          Sync.await(
              client
                  .get(
                      node.httpPort,
                      "127.0.0.1",
                      "/api/v1/availability/realtors?status=available&size=1")
                  .bearerTokenAuthentication(admin)
                  .send());
      if (response.statusCode() == 200
          && response.bodyAsJsonObject().getLong("total", 0L) >= REALTORS) {
        return;
      }
      Sync.pause(500);
    }
    throw new IllegalStateException("availability never learned every realtor");
  }

  private static JsonObject claims(String subject, String role) {
    return new JsonObject().put("sub", subject).put("roles", new JsonArray().add(role));
  }

  /**
   * The nodes' config (the cluster profile and {@link #chaosConfig}, without the environment) with
   * their shared data dir, where the dev JWT key pair is. The run's tokens outlive the run (the
   * default 5 minutes do not: settling would end in 401s); the nodes accept that lifetime through
   * {@link #chaosConfig}.
   */
  private static JsonObject nodesConfig(Vertx vertx, Path work) {
    JsonObject config =
        Sync.await(
            ConfigLoader.load(vertx, "cluster", work.resolve("chaos.yaml").toString(), Map.of()));
    config.getJsonObject("data").put("dir", work.resolve("nodes").toString());
    return config;
  }

  /**
   * Shorter leases than the defaults so that a checkout whose node was killed is taken over by a
   * retry sooner; faster failover of dispatcher locks; the run's long-lived tokens; and a tour that
   * finds no realtor cancelled (no-realtor, refunded) after {@link #MAX_WAIT_SECONDS}, scanned for
   * every 15 s, so that no tour is still PENDING when the settle phase ends.
   */
  private static String chaosConfig() {
    return String.join(
        "\n",
        "events:",
        "  rebalance-ms: 500",
        "cart:",
        "  checkout-lease-ms: 20000",
        "payment:",
        "  charge-lease-ms: 20000",
        "jwt:",
        "  token-ttl-seconds: " + Duration.ofHours(3).toSeconds(),
        "assignment:",
        "  max-wait-seconds: " + MAX_WAIT_SECONDS,
        "tour:",
        "  waiting-scan-ms: 15000",
        "");
  }

  private static void phase(String format, Object... values) {
    System.out.printf(
        "[chaos %4ds] %s%n", elapsedSeconds(), String.format(Locale.ROOT, format, values));
  }

  private static long elapsedSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - STARTED);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
