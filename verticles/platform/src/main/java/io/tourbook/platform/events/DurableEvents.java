package io.tourbook.platform.events;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.serviceproxy.ServiceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable event delivery (DESIGN §3): the one way a service consumes events. {@link
 * #consume} registers the group's idempotent consumer and a dispatcher candidate for the
 * subscription; dead letters are listed and replayed here.
 */
public final class DurableEvents {

  private static final Logger LOG = LoggerFactory.getLogger(DurableEvents.class);
  private static final long CHANGE_STREAM_MAX_AWAIT_MS = 200;
  private static final String LIVE_GROUP = "live";

  private final Vertx vertx;
  private final MongoClient mongo;
  private final EventStore store;
  private final DispatcherSettings settings;
  private final HealthChecks readiness;
  private final String nodeId = UUID.randomUUID().toString();
  private final Map<String, SubscriptionDispatcher> dispatchers = new ConcurrentHashMap<>();
  private final List<String> liveDeployments = new java.util.concurrent.CopyOnWriteArrayList<>();

  private DurableEvents(Vertx vertx, JsonObject config, HealthChecks readiness) {
    this.vertx = vertx;
    this.mongo = MongoClients.create(config.getJsonObject("mongo").getString("uri"));
    this.store = new EventStore(mongo, vertx.getOrCreateContext(), CHANGE_STREAM_MAX_AWAIT_MS);
    this.settings = DispatcherSettings.from(config);
    this.readiness = readiness;
  }

  public static Future<DurableEvents> create(
      Vertx vertx, JsonObject config, HealthChecks readiness) {
    DurableEvents events = new DurableEvents(vertx, config, readiness);
    return events.store.createIndexes().map(events);
  }

  public String nodeId() {
    return nodeId;
  }

  /**
   * Consumes a subscription's events on the calling verticle's context. Each event is handled once
   * per group: a {@code processed} record in the group's database absorbs redeliveries. Call it
   * from a verticle's start: the consumer and the dispatcher end with that verticle.
   */
  public Future<Void> consume(Subscription subscription, EventHandler handler) {
    EventStore local = store.on(vertx.getOrCreateContext());
    Map<String, Future<Void>> inProgress = new HashMap<>();
    MessageConsumer<JsonObject> consumer =
        vertx
            .eventBus()
            .consumer(
                subscription.address(),
                message -> handleOnce(subscription, handler, local, inProgress, message));
    SubscriptionDispatcher dispatcher =
        new SubscriptionDispatcher(subscription, store, settings, nodeId, false);
    // The consumer is known cluster-wide before a dispatcher may send to it.
    return consumer
        .completion()
        .compose(registered -> vertx.deployVerticle(dispatcher))
        .onSuccess(
            deployment -> {
              dispatchers.put(subscription.id(), dispatcher);
              readiness.unregister("subscriptions/" + subscription.id());
              readiness.register(
                  "subscriptions/" + subscription.id(),
                  promise ->
                      promise.complete(
                          dispatcher.state() == SubscriptionDispatcher.State.FAILED
                              ? Status.KO(dispatcher.localStatus())
                              : Status.OK(dispatcher.localStatus())));
            })
        .mapEmpty();
  }

  private void handleOnce(
      Subscription subscription,
      EventHandler handler,
      EventStore local,
      Map<String, Future<Void>> inProgress,
      Message<JsonObject> message) {
    EventEnvelope event;
    try {
      event = EventEnvelope.fromJson(message.body());
    } catch (RuntimeException invalid) {
      message.fail(400, "invalid event envelope: " + invalid.getMessage());
      return;
    }
    // A redelivery of an event still being handled (its earlier attempt timed out at the
    // dispatcher) waits for that handling's outcome: failing it at once would spend the
    // dispatcher's attempts in milliseconds and park an event that is about to succeed.
    Future<Void> running = inProgress.get(event.id());
    if (running != null) {
      running.onComplete(outcome -> reply(message, outcome));
      return;
    }
    Future<Void> handled =
        local
            .isProcessed(subscription.group(), event.id())
            .compose(
                done ->
                    done
                        ? Future.<Void>succeededFuture()
                        : invoke(handler, event)
                            .compose(v -> local.markProcessed(subscription.group(), event)));
    inProgress.put(event.id(), handled);
    handled.onComplete(
        outcome -> {
          inProgress.remove(event.id());
          reply(message, outcome);
        });
  }

  private static void reply(Message<JsonObject> message, AsyncResult<Void> outcome) {
    if (outcome.succeeded()) {
      message.reply(null);
    } else {
      message.fail(500, String.valueOf(outcome.cause().getMessage()));
    }
  }

  private static Future<Void> invoke(EventHandler handler, EventEnvelope event) {
    try {
      return handler.handle(event);
    } catch (RuntimeException failure) {
      return Future.failedFuture(failure);
    }
  }

  /**
   * Sends a parked event to its group again, with its original id so the idempotent consumer still
   * recognises it, and marks the letter replayed once the group acknowledged it.
   */
  public Future<JsonObject> replay(String deadLetterId) {
    EventStore local = store.on(vertx.getOrCreateContext());
    return local
        .deadLetter(deadLetterId)
        .compose(
            letter -> {
              if (letter == null) {
                return Future.failedFuture(
                    new ServiceException(404, "no dead letter " + deadLetterId));
              }
              if (!"parked".equals(letter.getString("status"))) {
                return Future.failedFuture(
                    new ServiceException(
                        409, "dead letter " + deadLetterId + " was already replayed"));
              }
              Subscription subscription =
                  knownSubscription(letter.getString("subscription"))
                      .orElseThrow(
                          () ->
                              new ServiceException(
                                  409, "unknown subscription " + letter.getString("subscription")));
              return vertx
                  .eventBus()
                  .request(
                      subscription.address(),
                      letter.getJsonObject("envelope"),
                      new DeliveryOptions().setSendTimeout(settings.requestTimeoutMs()))
                  .recover(
                      failure ->
                          Future.failedFuture(
                              new ServiceException(
                                  503,
                                  "group "
                                      + subscription.group()
                                      + " did not accept the event: "
                                      + failure.getMessage())))
                  .compose(reply -> local.markReplayed(deadLetterId))
                  .compose(v -> local.deadLetter(deadLetterId));
            });
  }

  /** A subscription of the registry, or one consumed on this node (tests define their own). */
  private Optional<Subscription> knownSubscription(String id) {
    SubscriptionDispatcher local = dispatchers.get(id);
    return local != null ? Optional.of(local.subscription()) : SubscriptionRegistry.find(id);
  }

  public Future<JsonObject> deadLetter(String id) {
    return store.on(vertx.getOrCreateContext()).deadLetter(id);
  }

  /** Dead letters, newest first; {@code subscriptionId} and {@code status} are optional filters. */
  public Future<JsonObject> deadLetters(String subscriptionId, String status, int skip, int limit) {
    EventStore local = store.on(vertx.getOrCreateContext());
    return local
        .countDeadLetters(subscriptionId, status)
        .compose(
            total ->
                local
                    .deadLetters(subscriptionId, status, skip, limit)
                    .map(
                        items ->
                            new JsonObject()
                                .put("items", new JsonArray(items))
                                .put("total", total)));
  }

  /**
   * Every registered subscription: its checkpoint, the changes still to read after it, its parked
   * dead letters and, where this node runs it, the local dispatcher state. The pending changes of
   * all subscriptions come from one read of the oplog, from the oldest checkpoint on.
   */
  public Future<JsonArray> subscriptions() {
    EventStore local = store.on(vertx.getOrCreateContext());
    Map<String, Subscription> known = new java.util.TreeMap<>();
    SubscriptionRegistry.all().forEach(subscription -> known.put(subscription.id(), subscription));
    dispatchers
        .values()
        .forEach(
            dispatcher ->
                known.putIfAbsent(dispatcher.subscription().id(), dispatcher.subscription()));
    List<Subscription> subscriptions = List.copyOf(known.values());
    List<Future<Checkpoint>> checkpoints = new ArrayList<>();
    List<Future<Long>> deadLetters = new ArrayList<>();
    for (Subscription subscription : subscriptions) {
      checkpoints.add(local.checkpoint(subscription));
      deadLetters.add(local.countDeadLetters(subscription.id(), "parked"));
    }
    return Future.all(checkpoints)
        .compose(
            loaded -> {
              Future<Map<StreamId, List<BsonTimestamp>>> changeTimes =
                  local.changeTimes(
                      subscriptions.stream().map(Subscription::stream).distinct().toList(),
                      oldest(loaded.list()));
              return Future.all(changeTimes, Future.all(deadLetters))
                  .map(
                      counted -> {
                        JsonArray statuses = new JsonArray();
                        for (int i = 0; i < subscriptions.size(); i++) {
                          statuses.add(
                              status(
                                  subscriptions.get(i),
                                  loaded.resultAt(i),
                                  changeTimes.result(),
                                  deadLetters.get(i).result()));
                        }
                        return statuses;
                      });
            });
  }

  /** The earliest checkpoint time; null (read from the start) where one has none. */
  private static BsonTimestamp oldest(List<Checkpoint> checkpoints) {
    BsonTimestamp oldest = null;
    for (Checkpoint checkpoint : checkpoints) {
      if (checkpoint == null || checkpoint.clusterTime() == null) {
        return null;
      }
      if (oldest == null || checkpoint.clusterTime().compareTo(oldest) < 0) {
        oldest = checkpoint.clusterTime();
      }
    }
    return oldest;
  }

  private JsonObject status(
      Subscription subscription,
      Checkpoint checkpoint,
      Map<StreamId, List<BsonTimestamp>> changeTimes,
      long deadLetters) {
    Long pending = null;
    if (changeTimes != null) {
      BsonTimestamp after = checkpoint == null ? null : checkpoint.clusterTime();
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
    if (checkpoint != null) {
      status.put(
          "checkpoint",
          new JsonObject()
              .put("eventId", checkpoint.eventId())
              .put("settled", checkpoint.settled())
              .put("updatedAt", checkpoint.updatedAt())
              .put("owner", checkpoint.owner()));
    }
    SubscriptionDispatcher dispatcher = dispatchers.get(subscription.id());
    if (dispatcher != null) {
      status.put("local", dispatcher.localStatus());
    }
    return status;
  }

  /**
   * Starts this node's candidates for the best-effort live fan-out: one dispatcher per stream in
   * the cluster publishes its events to {@code events.<stream>}, from now, without a checkpoint.
   */
  public Future<Void> startLiveFanout() {
    List<Future<String>> deployments = new ArrayList<>();
    for (StreamId stream : Streams.ALL) {
      Subscription live =
          new Subscription(stream, LIVE_GROUP, List.copyOf(EventTypes.typesOf(stream)));
      deployments.add(
          vertx
              .deployVerticle(new SubscriptionDispatcher(live, store, settings, nodeId, true))
              .onSuccess(liveDeployments::add));
    }
    return Future.all(deployments).mapEmpty();
  }

  /**
   * Stops the live fan-out and closes the driver; durable dispatchers end with the verticles that
   * started them.
   */
  public Future<Void> close() {
    List<Future<Void>> undeployed = new ArrayList<>();
    liveDeployments.forEach(id -> undeployed.add(vertx.undeploy(id).otherwiseEmpty()));
    return Future.all(undeployed)
        .<Void>mapEmpty()
        .eventually(
            () -> {
              LOG.debug("Closing durable events of node {}", nodeId);
              mongo.close();
              return Future.succeededFuture();
            });
  }
}
