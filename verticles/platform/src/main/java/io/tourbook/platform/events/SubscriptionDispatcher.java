package io.tourbook.platform.events;

import io.tourbook.contracts.events.Subscription;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's dispatching on this node (DESIGN §3). The subscription is split into {@code
 * events.partitions} partitions by subject; each has a cluster-wide lock, and the node holding it
 * delivers the partition's events from its checkpoint. Every {@code events.rebalance-ms} the
 * dispatcher takes free partitions up to its fair share (the partitions over the nodes that run the
 * group) and hands back those above it, after its events in flight are settled, so a joining node
 * gets its share and a killed node's partitions (their locks freed by Hazelcast) move to survivors.
 * Checkpoints are written together every {@code events.checkpoint-interval-ms}.
 */
final class SubscriptionDispatcher extends VerticleBase {

  enum State {
    STANDBY,
    ACTIVE,
    FAILED,
    STOPPED
  }

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDispatcher.class);
  private static final long LOCK_WAIT_MS = 100;

  private final Subscription subscription;
  private final EventStore sharedStore;
  private final DispatcherSettings settings;
  private final String nodeId;
  private final StreamReader reader;
  private final NodeMembers members;
  private final DeliveryStats stats;

  private EventStore store;
  private final Map<Integer, Partition> owned = new TreeMap<>();
  private final Map<Integer, Lock> locks = new TreeMap<>();
  private final Map<Integer, Checkpoint> written = new TreeMap<>();
  private long rebalanceTimer = -1;
  private long flushTimer = -1;
  private boolean rebalancing;
  private boolean flushing;

  // Read by health checks, metrics and the members' map from other threads.
  private volatile State state = State.STANDBY;
  private volatile String failure;
  private volatile List<Integer> ownedSnapshot = List.of();
  private volatile int inFlight;
  private volatile long lagMillis;

  SubscriptionDispatcher(
      Subscription subscription,
      EventStore store,
      DispatcherSettings settings,
      String nodeId,
      StreamReader reader,
      NodeMembers members) {
    this.subscription = subscription;
    this.sharedStore = store;
    this.settings = settings;
    this.nodeId = nodeId;
    this.reader = reader;
    this.members = members;
    this.stats = new DeliveryStats(subscription.id());
  }

  Subscription subscription() {
    return subscription;
  }

  State state() {
    return state;
  }

  @Override
  public Future<?> start() {
    store = sharedStore.on(context);
    DeliveryStats.gauge(
        "tourbook.subscription.lag.seconds",
        "Age of the oldest event of the subscription this node has not settled yet",
        subscription.id(),
        this,
        d -> d.lagMillis / 1000.0);
    DeliveryStats.gauge(
        "tourbook.subscription.in.flight",
        "Events of the subscription this node has handed to its consumer and not yet settled",
        subscription.id(),
        this,
        d -> d.inFlight);
    rebalanceTimer = vertx.setPeriodic(settings.rebalanceMs(), t -> rebalance());
    flushTimer = vertx.setPeriodic(settings.checkpointIntervalMs(), t -> observe());
    rebalance();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    state = State.STOPPED;
    vertx.cancelTimer(rebalanceTimer);
    vertx.cancelTimer(flushTimer);
    List<Future<Void>> detached = new ArrayList<>();
    owned.values().forEach(partition -> detached.add(reader.detach(partition)));
    owned.values().forEach(Partition::stop);
    return Future.all(detached)
        .compose(v -> flush(List.copyOf(owned.values())))
        .otherwiseEmpty()
        .onComplete(
            done -> {
              locks.values().forEach(Lock::release);
              locks.clear();
              owned.clear();
            });
  }

  /** Takes free partitions up to the fair share, or hands back one above it. */
  private void rebalance() {
    if (rebalancing || state == State.STOPPED || state == State.FAILED) {
      return;
    }
    int partitions = settings.partitions();
    int nodes = members.members(subscription.id());
    int fair = (partitions + nodes - 1) / nodes;
    Future<Void> step;
    if (owned.size() > fair) {
      step = release(((TreeMap<Integer, Partition>) owned).lastKey());
    } else if (owned.size() < fair) {
      Set<Integer> elsewhere = members.ownedElsewhere(subscription.id());
      List<Integer> free = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        if (!owned.containsKey(p) && !elsewhere.contains(p)) {
          free.add(p);
        }
      }
      step = acquire(free, fair - owned.size());
    } else {
      return;
    }
    rebalancing = true;
    step.onComplete(
        done -> {
          rebalancing = false;
          observe();
          if (done.failed()) {
            LOG.warn("Rebalancing {} failed: {}", subscription.id(), done.cause().toString());
          }
        });
  }

  /**
   * Takes up to {@code wanted} of the free partitions: their locks in turn, then one read of the
   * checkpoints and one attach of them all, so the stream reader reopens once for the lot instead
   * of once a partition (each reopen read the backlog again).
   */
  private Future<Void> acquire(List<Integer> free, int wanted) {
    return lock(free, wanted, new TreeMap<>()).compose(this::take);
  }

  /** Tries the free partitions' locks in turn until {@code wanted} are held. */
  private Future<Map<Integer, Lock>> lock(List<Integer> free, int wanted, Map<Integer, Lock> held) {
    if (free.isEmpty() || held.size() == wanted || state == State.STOPPED) {
      return Future.succeededFuture(held);
    }
    int partition = free.remove(0);
    return vertx
        .sharedData()
        .getLockWithTimeout(lockName(partition), LOCK_WAIT_MS)
        .map(
            lock -> {
              held.put(partition, lock);
              return held;
            })
        .recover(busy -> Future.succeededFuture(held))
        .compose(more -> lock(free, wanted, more));
  }

  private Future<Void> take(Map<Integer, Lock> held) {
    if (held.isEmpty()) {
      return Future.succeededFuture();
    }
    if (state == State.STOPPED) {
      held.values().forEach(Lock::release);
      return Future.succeededFuture();
    }
    locks.putAll(held);
    return store
        .checkpoints(subscription)
        .onFailure(cause -> held.keySet().forEach(partition -> locks.remove(partition).release()))
        .compose(
            checkpoints -> {
              List<Future<Void>> attached = new ArrayList<>();
              for (int partition : held.keySet()) {
                Checkpoint start = startOf(partition, checkpoints);
                Partition taken =
                    new Partition(
                        subscription,
                        partition,
                        settings.partitions(),
                        start,
                        new Partition.Dispatching(vertx, context, store, settings, stats, reader));
                owned.put(partition, taken);
                if (start != null) {
                  written.put(partition, start);
                }
                LOG.info(
                    "Node {} dispatches {} partition {}", nodeId, subscription.id(), partition);
                attached.add(reader.attach(taken));
              }
              state = State.ACTIVE;
              return Future.all(attached).mapEmpty();
            });
  }

  /**
   * Where a partition starts: its own checkpoint; for a partition new to the subscription (a
   * changed {@code events.partitions}, or a checkpoint from before partitions) the oldest
   * checkpoint the subscription has, so nothing is skipped; none for a new subscription.
   */
  private Checkpoint startOf(int partition, List<Checkpoint> checkpoints) {
    Checkpoint oldest = null;
    for (Checkpoint checkpoint : checkpoints) {
      if (checkpoint.partitions() == settings.partitions()) {
        if (checkpoint.partition() == partition) {
          return checkpoint;
        }
        continue;
      }
      if (oldest == null || checkpoint.clusterTime().compareTo(oldest.clusterTime()) < 0) {
        oldest = checkpoint;
      }
    }
    return oldest;
  }

  /** Hands a partition back once its events in flight are settled and its checkpoint written. */
  private Future<Void> release(int partition) {
    Partition leaving = owned.remove(partition);
    return reader
        .detach(leaving)
        .compose(
            v ->
                leaving
                    .drain()
                    .timeout(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                    .otherwiseEmpty())
        .compose(
            v -> {
              leaving.stop();
              return flush(List.of(leaving));
            })
        .eventually(
            () -> {
              written.remove(partition);
              Lock lock = locks.remove(partition);
              if (lock != null) {
                lock.release();
              }
              LOG.info("Node {} handed back {} partition {}", nodeId, subscription.id(), partition);
              return Future.succeededFuture();
            });
  }

  /** Refreshes what other threads read, and writes the checkpoints that moved. */
  private void observe() {
    int unsettled = 0;
    long lag = 0;
    for (Partition partition : owned.values()) {
      unsettled += partition.unsettled();
      lag = Math.max(lag, partition.lagMillis());
      if (partition.failure() != null && state != State.STOPPED) {
        state = State.FAILED;
        failure = partition.failure().getMessage();
      }
    }
    inFlight = unsettled;
    lagMillis = lag;
    ownedSnapshot = List.copyOf(owned.keySet());
    if (state == State.ACTIVE && owned.isEmpty()) {
      state = State.STANDBY;
    }
    if (!flushing && state != State.STOPPED) {
      flushing = true;
      flush(List.copyOf(owned.values())).onComplete(done -> flushing = false);
    }
  }

  /** One write for the checkpoints of these partitions that moved since they were last written. */
  private Future<Void> flush(List<Partition> partitions) {
    List<Checkpoint> moved = new ArrayList<>();
    for (Partition partition : partitions) {
      Checkpoint checkpoint = partition.checkpoint(nodeId);
      Checkpoint last = written.get(partition.index());
      if (checkpoint != null && (last == null || !last.token().equals(checkpoint.token()))) {
        moved.add(checkpoint);
      }
    }
    if (moved.isEmpty()) {
      return Future.succeededFuture();
    }
    return store
        .saveCheckpoints(subscription, moved)
        .onSuccess(
            v -> moved.forEach(checkpoint -> written.put(checkpoint.partition(), checkpoint)))
        .onFailure(
            cause ->
                LOG.warn("Checkpoint write of {} failed: {}", subscription.id(), cause.toString()));
  }

  private String lockName(int partition) {
    return "tourbook.subscription." + subscription.id() + "#" + partition;
  }

  /** This node's part, for the members' map. */
  JsonObject memberEntry() {
    return new JsonObject().put("partitions", new JsonArray(ownedSnapshot)).put("lagMs", lagMillis);
  }

  /** What this node knows of the subscription. */
  JsonObject localStatus() {
    JsonObject status =
        new JsonObject()
            .put("node", nodeId)
            .put("state", state.name())
            .put("partitions", new JsonArray(ownedSnapshot))
            .put("inFlight", inFlight)
            .put("lagSeconds", lagMillis / 1000.0)
            .put("delivered", stats.deliveredCount());
    if (failure != null) {
      status.put("error", failure);
    }
    return status;
  }
}
