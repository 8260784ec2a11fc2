package io.tourbook.platform.events;

import com.mongodb.MongoException;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.reactivestreams.client.ChangeStreamPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.reactivestreams.Subscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one subscription's events (DESIGN §3). Every node that runs the consumer group runs a
 * dispatcher; the one holding the cluster-wide lock reads the change stream from the checkpoint,
 * sends each event to {@code events.<stream>.<group>} by request/reply and advances the checkpoint
 * once every earlier event is settled (acknowledged or parked). Up to {@code events.max-in-flight}
 * events are in flight, but never two of the same subject, so order is kept per subject. When the
 * holder's node dies, Hazelcast frees the lock and a standby takes over from the checkpoint.
 *
 * <p>A live dispatcher is the best-effort variant: it reads from now, keeps no checkpoint, and
 * publishes each event to {@code events.<stream>} for listeners such as the CLI's tail.
 */
final class SubscriptionDispatcher extends VerticleBase {

  enum State {
    STANDBY,
    ACTIVE,
    FAILED,
    STOPPED
  }

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDispatcher.class);
  private static final Set<Integer> HISTORY_LOST_CODES = Set.of(136, 260, 280, 286);
  private static final long LOCK_WAIT_MS = 100;

  private final Subscription subscription;
  private final EventStore sharedStore;
  private final DispatcherSettings settings;
  private final String nodeId;
  private final boolean live;

  private EventStore store;
  private Lock lock;
  private long lockTimer = -1;
  private org.reactivestreams.Subscription upstream;
  private long generation;

  private final ArrayDeque<Pending> window = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Pending>> waiting = new HashMap<>();
  private final Set<String> busySubjects = new HashSet<>();
  private Checkpoint settled;
  private boolean checkpointWriting;
  private boolean checkpointDirty;

  // Read by health checks and metrics from other threads; written on this verticle's context.
  private volatile int inFlight;
  private volatile Instant oldestUnsettledReadAt;
  private volatile State state = State.STANDBY;
  private volatile String failure;
  private Counter delivered;
  private Counter retried;
  private Counter parked;

  SubscriptionDispatcher(
      Subscription subscription,
      EventStore store,
      DispatcherSettings settings,
      String nodeId,
      boolean live) {
    this.subscription = subscription;
    this.sharedStore = store;
    this.settings = settings;
    this.nodeId = nodeId;
    this.live = live;
  }

  Subscription subscription() {
    return subscription;
  }

  State state() {
    return state;
  }

  /** Why the subscription stopped, when it is {@link State#FAILED}. */
  String failure() {
    return failure;
  }

  @Override
  public Future<?> start() {
    store = sharedStore.on(context);
    registerMeters();
    acquireLock();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    state = State.STOPPED;
    generation++;
    vertx.cancelTimer(lockTimer);
    if (upstream != null) {
      upstream.cancel();
    }
    Future<Void> flushed =
        settled != null && lock != null
            ? store.saveCheckpoint(subscription, settled).otherwiseEmpty()
            : Future.succeededFuture();
    return flushed.onComplete(
        done -> {
          if (lock != null) {
            lock.release();
          }
        });
  }

  private void acquireLock() {
    if (state == State.STOPPED) {
      return;
    }
    vertx
        .sharedData()
        .getLockWithTimeout("tourbook.subscription." + subscription.id(), LOCK_WAIT_MS)
        .onSuccess(
            acquired -> {
              if (state == State.STOPPED) {
                acquired.release();
                return;
              }
              lock = acquired;
              activate();
            })
        .onFailure(busy -> lockTimer = vertx.setTimer(settings.lockRetryMs(), t -> acquireLock()));
  }

  private void activate() {
    state = State.ACTIVE;
    LOG.info("Dispatcher for {} is active on node {}", subscription.id(), nodeId);
    openStream(0);
  }

  private void openStream(int reopenAttempt) {
    long openGeneration = ++generation;
    window.clear();
    waiting.clear();
    busySubjects.clear();
    publishWindow();
    Future<ChangeStreamPublisher<Document>> start =
        live
            ? Future.succeededFuture(store.watch(subscription.stream()))
            : store.checkpoint(subscription).compose(this::startingPoint);
    start
        .onSuccess(publisher -> subscribe(publisher, openGeneration, reopenAttempt))
        .onFailure(cause -> streamFailed(cause, openGeneration, reopenAttempt));
  }

  /** Where to read from: after the checkpoint, or from the oldest oplog entry for a new group. */
  private Future<ChangeStreamPublisher<Document>> startingPoint(Checkpoint checkpoint) {
    settled = checkpoint;
    return store
        .oplogStart()
        .map(
            oplogStart -> {
              ChangeStreamPublisher<Document> publisher = store.watch(subscription.stream());
              if (checkpoint != null) {
                if (oplogStart != null
                    && checkpoint.clusterTime() != null
                    && checkpoint.clusterTime().compareTo(oplogStart) < 0) {
                  throw new ResumePointLostException(
                      "Checkpoint of "
                          + subscription.id()
                          + " at "
                          + checkpoint.clusterTime()
                          + " is older than the oplog, which starts at "
                          + oplogStart
                          + ": the events after it are gone",
                      null);
                }
                return publisher.resumeAfter(checkpoint.token());
              }
              if (oplogStart != null) {
                return publisher.startAtOperationTime(oplogStart);
              }
              LOG.warn(
                  "No checkpoint for {} and the oplog cannot be read: starting from now",
                  subscription.id());
              return publisher;
            });
  }

  private void subscribe(
      ChangeStreamPublisher<Document> publisher, long openGeneration, int reopenAttempt) {
    publisher.subscribe(
        new Subscriber<ChangeStreamDocument<Document>>() {
          @Override
          public void onSubscribe(org.reactivestreams.Subscription subscription) {
            context.runOnContext(
                v -> {
                  if (openGeneration != generation) {
                    subscription.cancel();
                    return;
                  }
                  upstream = subscription;
                  subscription.request(settings.maxInFlight());
                });
          }

          @Override
          public void onNext(ChangeStreamDocument<Document> change) {
            context.runOnContext(
                v -> {
                  if (openGeneration == generation) {
                    onChange(change);
                  }
                });
          }

          @Override
          public void onError(Throwable cause) {
            context.runOnContext(v -> streamFailed(cause, openGeneration, reopenAttempt + 1));
          }

          @Override
          public void onComplete() {
            context.runOnContext(
                v ->
                    streamFailed(
                        new IllegalStateException("change stream closed by the server"),
                        openGeneration,
                        reopenAttempt + 1));
          }
        });
  }

  private void streamFailed(Throwable cause, long failedGeneration, int reopenAttempt) {
    if (failedGeneration != generation || state != State.ACTIVE) {
      return;
    }
    generation++;
    if (upstream != null) {
      upstream.cancel();
      upstream = null;
    }
    if (isHistoryLost(cause)) {
      state = State.FAILED;
      failure = cause.getMessage();
      LOG.error(
          "Subscription {} cannot resume from its checkpoint and is stopped; it will not skip"
              + " events by restarting from now. Restore the oplog or reset the checkpoint"
              + " deliberately. Cause: {}",
          subscription.id(),
          cause.getMessage());
      return;
    }
    long delay = settings.backoff(Math.max(1, reopenAttempt));
    LOG.warn(
        "Change stream of {} failed ({}); reopening from the checkpoint in {} ms",
        subscription.id(),
        cause.toString(),
        delay);
    vertx.setTimer(
        delay,
        t -> {
          if (state == State.ACTIVE) {
            openStream(reopenAttempt);
          }
        });
  }

  static boolean isHistoryLost(Throwable cause) {
    return cause instanceof ResumePointLostException
        || (cause instanceof MongoException mongo && HISTORY_LOST_CODES.contains(mongo.getCode()));
  }

  private void onChange(ChangeStreamDocument<Document> change) {
    Optional<EventEnvelope> event =
        ChangeEvents.toEnvelope(subscription.stream(), change)
            .filter(candidate -> subscription.accepts(candidate.type()));
    if (live) {
      event.ifPresent(
          published ->
              vertx
                  .eventBus()
                  .publish(
                      SubscriptionRegistry.liveAddress(subscription.stream()), published.toJson()));
      upstream.request(1);
      return;
    }
    Pending pending =
        new Pending(
            change.getResumeToken(),
            change.getClusterTime(),
            event.orElse(null),
            generation,
            Instant.now());
    window.add(pending);
    publishWindow();
    if (pending.event == null) {
      pending.settled = true;
      advance();
    } else if (busySubjects.add(pending.event.subject())) {
      deliver(pending);
    } else {
      waiting.computeIfAbsent(pending.event.subject(), s -> new ArrayDeque<>()).add(pending);
    }
  }

  private void deliver(Pending pending) {
    pending.attempts++;
    DeliveryOptions options =
        new DeliveryOptions()
            .setSendTimeout(settings.requestTimeoutMs())
            .addHeader("attempt", Integer.toString(pending.attempts));
    vertx
        .eventBus()
        .request(subscription.address(), pending.event.toJson(), options)
        .onComplete(
            reply -> {
              if (pending.generation != generation) {
                return;
              }
              if (reply.succeeded()) {
                increment(delivered);
                settle(pending);
              } else {
                retryOrPark(pending, reply.cause());
              }
            });
  }

  private void retryOrPark(Pending pending, Throwable cause) {
    if (pending.attempts < settings.maxAttempts()) {
      increment(retried);
      vertx.setTimer(
          settings.backoff(pending.attempts),
          t -> {
            if (pending.generation == generation) {
              deliver(pending);
            }
          });
      return;
    }
    store
        .park(subscription, pending.event, pending.attempts, String.valueOf(cause.getMessage()))
        .onComplete(
            parking -> {
              if (pending.generation != generation) {
                return;
              }
              if (parking.succeeded()) {
                increment(parked);
                LOG.warn(
                    "Parked event {} ({}) of {} after {} attempts: {}",
                    pending.event.id(),
                    pending.event.type(),
                    subscription.id(),
                    pending.attempts,
                    cause.getMessage());
                settle(pending);
              } else {
                vertx.setTimer(
                    settings.backoffMaxMs(),
                    t -> {
                      if (pending.generation == generation) {
                        retryOrPark(pending, cause);
                      }
                    });
              }
            });
  }

  private void settle(Pending pending) {
    pending.settled = true;
    String subject = pending.event.subject();
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
    advance();
  }

  /** Moves the checkpoint past every settled event at the head of the window. */
  private void advance() {
    int released = 0;
    while (!window.isEmpty() && window.peek().settled) {
      Pending head = window.poll();
      long count = settled == null ? 1 : settled.settled() + 1;
      settled =
          new Checkpoint(
              subscription.id(),
              head.token,
              head.clusterTime,
              head.event == null ? (settled == null ? null : settled.eventId()) : head.event.id(),
              count,
              Instant.now(),
              nodeId);
      released++;
    }
    if (released > 0) {
      publishWindow();
      if (upstream != null) {
        upstream.request(released);
      }
      saveCheckpoint();
    }
  }

  /** Writes the checkpoint, coalescing the advances made while a write is in flight. */
  private void saveCheckpoint() {
    if (checkpointWriting) {
      checkpointDirty = true;
      return;
    }
    checkpointWriting = true;
    store
        .saveCheckpoint(subscription, settled)
        .onComplete(
            written -> {
              checkpointWriting = false;
              if (written.failed()) {
                LOG.warn(
                    "Checkpoint write of {} failed: {}",
                    subscription.id(),
                    written.cause().toString());
                checkpointDirty = true;
              }
              if (checkpointDirty && state == State.ACTIVE) {
                checkpointDirty = false;
                if (written.failed()) {
                  vertx.setTimer(settings.backoffInitialMs(), t -> saveCheckpoint());
                } else {
                  saveCheckpoint();
                }
              }
            });
  }

  private void publishWindow() {
    inFlight = window.size();
    Pending head = window.peek();
    oldestUnsettledReadAt = head == null ? null : head.readAt;
  }

  /** What this node knows of the subscription. */
  JsonObject localStatus() {
    JsonObject status =
        new JsonObject()
            .put("node", nodeId)
            .put("state", state.name())
            .put("inFlight", inFlight)
            .put("lagSeconds", lagSeconds());
    if (failure != null) {
      status.put("error", failure);
    }
    return status;
  }

  /** Age of the oldest event read but not yet settled. */
  private double lagSeconds() {
    Instant oldest = oldestUnsettledReadAt;
    return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
  }

  private void registerMeters() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return;
    }
    String id = subscription.id();
    delivered =
        Counter.builder("tourbook.subscription.delivered")
            .tag("subscription", id)
            .register(registry);
    retried =
        Counter.builder("tourbook.subscription.retried").tag("subscription", id).register(registry);
    parked =
        Counter.builder("tourbook.subscription.parked").tag("subscription", id).register(registry);
    Gauge.builder("tourbook.subscription.lag.seconds", this, SubscriptionDispatcher::lagSeconds)
        .tag("subscription", id)
        .register(registry);
    Gauge.builder("tourbook.subscription.in.flight", this, dispatcher -> dispatcher.inFlight)
        .tag("subscription", id)
        .register(registry);
  }

  private static void increment(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }

  /** An event read from the stream and not yet behind the checkpoint. */
  private static final class Pending {
    final BsonDocument token;
    final BsonTimestamp clusterTime;
    final EventEnvelope event;
    final long generation;
    final Instant readAt;
    int attempts;
    boolean settled;

    Pending(
        BsonDocument token,
        BsonTimestamp clusterTime,
        EventEnvelope event,
        long generation,
        Instant readAt) {
      this.token = token;
      this.clusterTime = clusterTime;
      this.event = event;
      this.generation = generation;
      this.readAt = readAt;
    }
  }
}
