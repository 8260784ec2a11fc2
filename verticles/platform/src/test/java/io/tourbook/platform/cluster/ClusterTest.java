package io.tourbook.platform.cluster;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.events.EventHandler;
import io.tourbook.platform.testproxy.NodeInfoService;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two clustered nodes on loopback")
class ClusterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private JsonObject config;
  private final List<Vertx> nodes = new ArrayList<>();
  private final List<DurableEvents> events = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    config = EventFixtures.twoNodeClusterConfig("cluster-test", 15701);
    Future<Vertx> first = NodeVertx.create(config, true);
    nodes.add(await(first));
    nodes.add(await(NodeVertx.create(config, true)));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (DurableEvents node : events) {
      await(node.close().otherwiseEmpty());
    }
    for (Vertx node : nodes) {
      await(node.close().otherwiseEmpty());
    }
  }

  @Test
  @DisplayName("A service-proxy call made on one node is served on the other")
  void proxyCallIsServedOnTheOtherNode() throws Exception {
    Vertx server = nodes.get(0);
    Vertx caller = nodes.get(1);
    MessageConsumer<JsonObject> binding =
        new ServiceBinder(server)
            .setAddress(NodeInfoService.ADDRESS)
            .register(
                NodeInfoService.class,
                from ->
                    Future.succeededFuture(
                        new JsonObject().put("servedBy", "server").put("caller", from)));
    await(binding.completion());

    JsonObject answer = await(NodeInfoService.createProxy(caller).describe("caller"));

    assertThat(answer.getString("servedBy")).isEqualTo("server");
    assertThat(answer.getString("caller")).isEqualTo("caller");
  }

  @Test
  @DisplayName(
      "Stopping the node with the active dispatcher mid-stream: the other takes over, nothing lost, duplicates absorbed")
  void standbyTakesOverFromTheCheckpoint() throws Exception {
    Subscription subscription = EventFixtures.listingSubscription("takeover");
    Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    EventHandler handler =
        event -> {
          effects.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
          order.add(event.subject() + ":" + EventFixtures.seq(event));
          return Future.succeededFuture();
        };
    for (Vertx node : nodes) {
      DurableEvents nodeEvents =
          await(DurableEvents.create(node, config, HealthChecks.create(node)));
      events.add(nodeEvents);
      await(
          node.deployVerticle(new EventFixtures.GroupVerticle(nodeEvents, subscription, handler)));
    }
    MongoClient listings = EventFixtures.listingDatabase(nodes.get(1), config);
    Future<Void> writes = EventFixtures.writeSubjects(listings, 40, 10);

    Eventually.until("events before the stop", TIMEOUT, () -> effects.size() >= 60);
    int active = activeNode(subscription);
    await(nodes.get(active).close());
    Vertx survivor = nodes.remove(1 - active);
    nodes.clear();
    nodes.add(survivor);
    await(writes);

    Eventually.until("all 400 events after the takeover", TIMEOUT, () -> effects.size() == 400);
    assertThat(effects.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
  }

  /** The index of the node whose dispatcher holds the subscription. */
  private int activeNode(Subscription subscription) throws Exception {
    for (int i = 0; i < events.size(); i++) {
      JsonArray statuses = await(events.get(i).subscriptions());
      for (Object status : statuses) {
        JsonObject local = ((JsonObject) status).getJsonObject("local");
        if (((JsonObject) status).getString("subscription").equals(subscription.id())
            && local != null
            && "ACTIVE".equals(local.getString("state"))) {
          return i;
        }
      }
    }
    throw new AssertionError("no active dispatcher for " + subscription.id());
  }
}
