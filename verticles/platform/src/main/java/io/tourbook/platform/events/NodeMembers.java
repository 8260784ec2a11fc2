package io.tourbook.platform.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes dispatch which subscriptions, and how they are doing: every node writes its entry
 * (the partitions it owns and their lag, per subscription) to a cluster-wide map every {@code
 * events.rebalance-ms}, with a time to live of three periods so a killed node's entry goes away,
 * and reads everyone's. Dispatchers size their fair share from it, and checkout reads the
 * pipeline's lag.
 */
final class NodeMembers {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMembers.class);
  private static final String MAP = "tourbook.events.members";

  private final Vertx vertx;
  private final String nodeId;
  private final long periodMs;
  private final Supplier<JsonObject> localEntry;
  private volatile Map<String, JsonObject> entries = Map.of();
  private AsyncMap<String, JsonObject> map;
  private long timer = -1;
  private boolean ticking;

  NodeMembers(Vertx vertx, String nodeId, long periodMs, Supplier<JsonObject> localEntry) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.periodMs = periodMs;
    this.localEntry = localEntry;
  }

  Future<Void> start() {
    return vertx
        .sharedData()
        .<String, JsonObject>getAsyncMap(MAP)
        .compose(
            members -> {
              map = members;
              timer = vertx.setPeriodic(periodMs, t -> tick());
              return tick();
            });
  }

  /** Publishes this node's entry and reads every node's. */
  Future<Void> tick() {
    if (ticking || map == null) {
      return Future.succeededFuture();
    }
    ticking = true;
    return map.put(nodeId, localEntry.get(), periodMs * 3)
        .compose(v -> map.entries())
        .onSuccess(read -> entries = Map.copyOf(read))
        .onFailure(
            cause -> LOG.warn("Reading the event dispatch members failed: {}", cause.toString()))
        .<Void>mapEmpty()
        .eventually(
            () -> {
              ticking = false;
              return Future.succeededFuture();
            });
  }

  /** Removes this node's entry, so that the others need not wait for it to expire. */
  Future<Void> stop() {
    vertx.cancelTimer(timer);
    if (map == null) {
      return Future.succeededFuture();
    }
    try {
      return map.remove(nodeId).mapEmpty();
    } catch (RuntimeException clusterGone) {
      // The node's Vert.x is closed already: its entry expires instead.
      return Future.succeededFuture();
    }
  }

  /** How many nodes dispatch the subscription, this one included. */
  int members(String subscriptionId) {
    int count = 0;
    boolean self = false;
    for (Map.Entry<String, JsonObject> entry : entries.entrySet()) {
      if (subscriptionOf(entry.getValue(), subscriptionId) != null) {
        count++;
        self |= entry.getKey().equals(nodeId);
      }
    }
    return self ? count : count + 1;
  }

  /** The partitions of the subscription that other nodes said they own. */
  Set<Integer> ownedElsewhere(String subscriptionId) {
    Set<Integer> owned = new HashSet<>();
    entries.forEach(
        (node, entry) -> {
          JsonObject subscription = subscriptionOf(entry, subscriptionId);
          if (!node.equals(nodeId) && subscription != null) {
            subscription
                .getJsonArray("partitions", new JsonArray())
                .forEach(p -> owned.add(((Number) p).intValue()));
          }
        });
    return owned;
  }

  /** The largest lag any node reported for the subscription, in milliseconds. */
  long lagMillis(String subscriptionId) {
    long lag = 0;
    for (JsonObject entry : entries.values()) {
      JsonObject subscription = subscriptionOf(entry, subscriptionId);
      if (subscription != null) {
        lag = Math.max(lag, subscription.getLong("lagMs", 0L));
      }
    }
    return lag;
  }

  private static JsonObject subscriptionOf(JsonObject entry, String subscriptionId) {
    return entry.getJsonObject("subscriptions", new JsonObject()).getJsonObject(subscriptionId);
  }

  /** An entry for a node's subscriptions: {@code {subscriptions: {id: {partitions, lagMs}}}}. */
  static JsonObject entry(Map<String, JsonObject> subscriptions) {
    return new JsonObject()
        .put("subscriptions", new JsonObject(new ConcurrentHashMap<>(subscriptions)));
  }
}
