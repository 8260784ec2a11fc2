package io.tourbook.platform.events;

import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.BsonTimestamp;

/**
 * Every subscription's status (DESIGN §3): its partitions' checkpoints, the changes still to read
 * after the oldest of them, its parked dead letters and, where this node dispatches it, what this
 * node holds. The pending changes of all subscriptions come from one read of the oplog.
 */
final class SubscriptionStatuses {

  private final EventStore store;
  private final int partitions;
  private final Map<String, SubscriptionDispatcher> local;

  SubscriptionStatuses(
      EventStore store, int partitions, Map<String, SubscriptionDispatcher> local) {
    this.store = store;
    this.partitions = partitions;
    this.local = local;
  }

  Future<JsonArray> all() {
    Map<String, Subscription> known = new TreeMap<>();
    SubscriptionRegistry.all().forEach(subscription -> known.put(subscription.id(), subscription));
    local.values().forEach(d -> known.putIfAbsent(d.subscription().id(), d.subscription()));
    List<Subscription> subscriptions = List.copyOf(known.values());
    List<Future<List<Checkpoint>>> checkpoints = new ArrayList<>();
    List<Future<Long>> deadLetters = new ArrayList<>();
    for (Subscription subscription : subscriptions) {
      checkpoints.add(store.checkpoints(subscription));
      deadLetters.add(store.countDeadLetters(subscription.id(), "parked"));
    }
    return Future.all(checkpoints)
        .compose(
            loaded -> {
              List<BsonTimestamp> resumeTimes = new ArrayList<>();
              for (int i = 0; i < subscriptions.size(); i++) {
                resumeTimes.add(resumeTime(loaded.resultAt(i)));
              }
              Future<Map<StreamId, List<BsonTimestamp>>> changeTimes =
                  store.changeTimes(
                      subscriptions.stream().map(Subscription::stream).distinct().toList(),
                      oldest(resumeTimes));
              return Future.all(changeTimes, Future.all(deadLetters))
                  .map(
                      counted -> {
                        JsonArray statuses = new JsonArray();
                        for (int i = 0; i < subscriptions.size(); i++) {
                          statuses.add(
                              status(
                                  subscriptions.get(i),
                                  loaded.resultAt(i),
                                  resumeTimes.get(i),
                                  changeTimes.result(),
                                  deadLetters.get(i).result()));
                        }
                        return statuses;
                      });
            });
  }

  /**
   * Where the subscription as a whole resumes: the oldest of its partitions' starting points. A
   * partition without a checkpoint starts as the dispatcher starts it, from the oldest checkpoint
   * of another partition count, else from the start (null): counting from the other partitions'
   * checkpoints instead showed a new group caught up before most of its partitions had started.
   */
  private BsonTimestamp resumeTime(List<Checkpoint> checkpoints) {
    List<Checkpoint> current = current(checkpoints);
    List<BsonTimestamp> times = new ArrayList<>();
    current.forEach(checkpoint -> times.add(checkpoint.clusterTime()));
    if (current.size() < partitions) {
      List<BsonTimestamp> earlier =
          checkpoints.stream()
              .filter(checkpoint -> checkpoint.partitions() != partitions)
              .map(Checkpoint::clusterTime)
              .toList();
      times.add(earlier.isEmpty() ? null : oldest(earlier));
    }
    return oldest(times);
  }

  private List<Checkpoint> current(List<Checkpoint> checkpoints) {
    return checkpoints.stream().filter(c -> c.partitions() == partitions).toList();
  }

  /** The earliest of the times; null (read from the start) where one is null. */
  private static BsonTimestamp oldest(Collection<BsonTimestamp> times) {
    BsonTimestamp oldest = null;
    for (BsonTimestamp time : times) {
      if (time == null) {
        return null;
      }
      if (oldest == null || time.compareTo(oldest) < 0) {
        oldest = time;
      }
    }
    return oldest;
  }

  private JsonObject status(
      Subscription subscription,
      List<Checkpoint> checkpoints,
      BsonTimestamp after,
      Map<StreamId, List<BsonTimestamp>> changeTimes,
      long deadLetters) {
    Long pending = null;
    if (changeTimes != null) {
      pending =
          changeTimes.get(subscription.stream()).stream()
              .filter(time -> after == null || time.compareTo(after) > 0)
              .count();
    }
    JsonObject status =
        new JsonObject()
            .put("subscription", subscription.id())
            .put("stream", subscription.stream().name())
            .put("group", subscription.group())
            .put("pendingChanges", pending)
            .put("deadLetters", deadLetters);
    List<Checkpoint> current = current(checkpoints);
    if (!current.isEmpty()) {
      status.put("checkpoint", summary(current));
    }
    SubscriptionDispatcher dispatcher = local.get(subscription.id());
    if (dispatcher != null) {
      status.put("local", dispatcher.localStatus());
    }
    return status;
  }

  /** The partitions' checkpoints together: the latest settled event, counts summed. */
  private JsonObject summary(List<Checkpoint> current) {
    Checkpoint latest = current.get(0);
    long settled = 0;
    TreeSet<String> owners = new TreeSet<>();
    for (Checkpoint checkpoint : current) {
      settled += checkpoint.settled();
      owners.add(checkpoint.owner());
      if (checkpoint.eventId() != null
          && (latest.eventId() == null || checkpoint.updatedAt().isAfter(latest.updatedAt()))) {
        latest = checkpoint;
      }
    }
    Instant updatedAt =
        current.stream().map(Checkpoint::updatedAt).max(Instant::compareTo).orElseThrow();
    return new JsonObject()
        .put("eventId", latest.eventId())
        .put("settled", settled)
        .put("updatedAt", updatedAt)
        .put("partitions", current.size())
        .put("owners", new JsonArray(List.copyOf(owners)));
  }
}
