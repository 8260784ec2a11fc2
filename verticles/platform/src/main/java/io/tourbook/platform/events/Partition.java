package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a durable subscription, owned by this node (DESIGN §3): the events whose subject
 * hashes to it, delivered to the group's consumer on this node by request/reply. Up to {@code
 * events.max-in-flight} of its events are unsettled at once, never two of one subject, so order is
 * kept per subject; a failed delivery is retried with backoff and parked after {@code
 * events.max-attempts}. Its checkpoint is the change just before its oldest unsettled event.
 *
 * <p>The reader calls {@link #offer} on its own context; everything else runs on the dispatcher's.
 */
final class Partition implements ChangeSink {

  private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

  private final Subscription subscription;
  private final int index;
  private final int count;
  private final Vertx vertx;
  private final Context context;
  private final EventStore store;
  private final DispatcherSettings settings;
  private final DeliveryStats stats;
  private final Checkpoint start;
  private final StreamReader reader;

  // Written by the reader's thread.
  private final AtomicInteger unsettled = new AtomicInteger();
  private volatile StreamChange latestSeen;

  private final ArrayDeque<Pending> window = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Pending>> waiting = new HashMap<>();
  private final Set<String> busySubjects = new HashSet<>();
  private long settledCount;
  private String lastEventId;
  private boolean stopped;
  private Promise<Void> drained;
  private Throwable failure;
  private volatile Instant oldestUnsettledTime;

  Partition(
      Subscription subscription, int index, int count, Checkpoint start, Dispatching dispatching) {
    this.subscription = subscription;
    this.index = index;
    this.count = count;
    this.start = start;
    this.vertx = dispatching.vertx();
    this.context = dispatching.context();
    this.store = dispatching.store();
    this.settings = dispatching.settings();
    this.stats = dispatching.stats();
    this.reader = dispatching.reader();
    this.settledCount = start == null ? 0 : start.settled();
    this.lastEventId = start == null ? null : start.eventId();
    this.latestSeen =
        start == null ? null : new StreamChange(start.token(), start.clusterTime(), null, null);
  }

  /** What a partition needs from the dispatcher that owns it. */
  record Dispatching(
      Vertx vertx,
      Context context,
      EventStore store,
      DispatcherSettings settings,
      DeliveryStats stats,
      StreamReader reader) {}

  /** The partition a subject belongs to: the same on every node and every run. */
  static int of(String subject, int partitions) {
    return Math.floorMod(subject.hashCode(), partitions);
  }

  int index() {
    return index;
  }

  @Override
  public BsonTimestamp resumeTime() {
    return start == null ? null : start.clusterTime();
  }

  @Override
  public BsonDocument resumeToken() {
    return start == null ? null : start.token();
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public boolean hasRoom() {
    return unsettled.get() < settings.maxInFlight();
  }

  @Override
  public void offer(StreamChange change) {
    StreamChange before = latestSeen;
    EventEnvelope event = change.event();
    // The subject's partition first: the reader offers each change to every partition.
    boolean mine =
        event != null && of(event.subject(), count) == index && subscription.accepts(event.type());
    if (mine) {
      unsettled.incrementAndGet();
    }
    latestSeen = change;
    if (mine) {
      context.runOnContext(v -> onEvent(new Pending(change, before)));
    }
  }

  @Override
  public void failed(Throwable cause) {
    context.runOnContext(
        v -> {
          failure = cause;
          stop();
        });
  }

  /** Why the partition stopped reading, when its history is gone. */
  Throwable failure() {
    return failure;
  }

  int unsettled() {
    return unsettled.get();
  }

  /** Age of the oldest unsettled event, from the time it was written. */
  long lagMillis() {
    Instant oldest = oldestUnsettledTime;
    return oldest == null ? 0 : Math.max(0, Instant.now().toEpochMilli() - oldest.toEpochMilli());
  }

  /**
   * Where the partition may resume: the change before its oldest unsettled event, or the latest
   * change read when none is unsettled. Null while that is not known yet.
   */
  Checkpoint checkpoint(String owner) {
    StreamChange position;
    Pending head = window.peek();
    if (head != null) {
      position = head.before;
    } else {
      StreamChange seen = latestSeen;
      // An event handed over but not yet taken in holds the position back.
      position = unsettled.get() == 0 ? seen : null;
    }
    if (position == null || position.token() == null) {
      return null;
    }
    return new Checkpoint(
        index,
        count,
        position.token(),
        position.clusterTime(),
        lastEventId,
        settledCount,
        Instant.now(),
        owner);
  }

  /** Stops delivering; events in flight are redelivered by the next owner. */
  void stop() {
    stopped = true;
    if (drained != null) {
      drained.tryComplete();
    }
  }

  /** Completes once every event handed over is settled (the reader must be detached first). */
  Future<Void> drain() {
    drained = Promise.promise();
    if (unsettled.get() == 0 || stopped) {
      drained.tryComplete();
    }
    return drained.future();
  }

  private void onEvent(Pending pending) {
    if (stopped) {
      return;
    }
    window.add(pending);
    if (window.size() == 1) {
      oldestUnsettledTime = pending.change.event().time();
    }
    String subject = pending.change.event().subject();
    if (busySubjects.add(subject)) {
      deliver(pending);
    } else {
      waiting.computeIfAbsent(subject, s -> new ArrayDeque<>()).add(pending);
    }
  }

  private void deliver(Pending pending) {
    pending.attempts++;
    DeliveryOptions options =
        new DeliveryOptions()
            .setLocalOnly(true)
            .setSendTimeout(settings.requestTimeoutMs())
            .addHeader("attempt", Integer.toString(pending.attempts));
    vertx
        .eventBus()
        .request(subscription.address(), pending.change.event(), options)
        .onComplete(
            reply -> {
              if (stopped) {
                return;
              }
              if (reply.succeeded()) {
                stats.delivered();
                settle(pending);
              } else {
                retryOrPark(pending, reply.cause());
              }
            });
  }

  private void retryOrPark(Pending pending, Throwable cause) {
    if (pending.attempts < settings.maxAttempts()) {
      stats.retried();
      vertx.setTimer(
          settings.backoff(pending.attempts),
          t -> {
            if (!stopped) {
              deliver(pending);
            }
          });
      return;
    }
    EventEnvelope event = pending.change.event();
    store
        .park(subscription, event, pending.attempts, String.valueOf(cause.getMessage()))
        .onComplete(
            parking -> {
              if (stopped) {
                return;
              }
              if (parking.succeeded()) {
                stats.parked();
                LOG.warn(
                    "Parked event {} ({}) of {} after {} attempts: {}",
                    event.id(),
                    event.type(),
                    subscription.id(),
                    pending.attempts,
                    cause.getMessage());
                settle(pending);
              } else {
                vertx.setTimer(
                    settings.backoffMaxMs(),
                    t -> {
                      if (!stopped) {
                        retryOrPark(pending, cause);
                      }
                    });
              }
            });
  }

  private void settle(Pending pending) {
    pending.settled = true;
    String subject = pending.change.event().subject();
    ArrayDeque<Pending> queue = waiting.get(subject);
    if (queue != null) {
      Pending next = queue.poll();
      if (queue.isEmpty()) {
        waiting.remove(subject);
      }
      deliver(next);
    } else {
      busySubjects.remove(subject);
    }
    while (!window.isEmpty() && window.peek().settled) {
      Pending head = window.poll();
      settledCount++;
      lastEventId = head.change.event().id();
    }
    Pending head = window.peek();
    oldestUnsettledTime = head == null ? null : head.change.event().time();
    if (unsettled.decrementAndGet() == settings.maxInFlight() - 1) {
      reader.wake();
    }
    if (unsettled.get() == 0 && drained != null) {
      drained.tryComplete();
    }
  }

  /** An event of this partition, from the time it was handed over until it is settled. */
  private static final class Pending {
    final StreamChange change;

    /** The change just before it in the stream: where to resume while it is unsettled. */
    final StreamChange before;

    int attempts;
    boolean settled;

    Pending(StreamChange change, StreamChange before) {
      this.change = change;
      this.before = before;
    }
  }
}
