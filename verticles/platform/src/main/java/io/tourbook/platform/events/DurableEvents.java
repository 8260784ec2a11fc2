package io.tourbook.platform.events;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's durable event delivery (DESIGN §3): the one way a service consumes events. {@link
 * #consume} registers the group's consumer and this node's dispatcher of the subscription's
 * partitions; every stream is read once per node ({@link StreamReader}); dead letters are listed
 * and replayed here.
 */
public final class DurableEvents {

  private static final Logger LOG = LoggerFactory.getLogger(DurableEvents.class);
  private static final long CHANGE_STREAM_MAX_AWAIT_MS = 200;

  private final Vertx vertx;
  private final MongoClient mongo;
  private final EventStore store;
  private final DispatcherSettings settings;
  private final HealthChecks readiness;
  private final String nodeId = UUID.randomUUID().toString();
  private final Map<String, SubscriptionDispatcher> dispatchers = new ConcurrentHashMap<>();
  private final Map<StreamId, Future<StreamReader>> readers = new ConcurrentHashMap<>();
  private final List<LiveFanout> live = new CopyOnWriteArrayList<>();
  private final NodeMembers members;

  private DurableEvents(Vertx vertx, JsonObject config, HealthChecks readiness) {
    this.vertx = vertx;
    this.mongo = MongoClients.create(config.getJsonObject("mongo").getString("uri"));
    this.store = new EventStore(mongo, vertx.getOrCreateContext(), CHANGE_STREAM_MAX_AWAIT_MS);
    this.settings = DispatcherSettings.from(config);
    this.readiness = readiness;
    this.members = new NodeMembers(vertx, nodeId, settings.rebalanceMs(), this::memberEntry);
  }

  public static Future<DurableEvents> create(
      Vertx vertx, JsonObject config, HealthChecks readiness) {
    DurableEvents events = new DurableEvents(vertx, config, readiness);
    EnvelopeCodec.register(vertx);
    return events.store.createIndexes().compose(v -> events.members.start()).map(events);
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
    EventStore groupStore = store.on(vertx.getOrCreateContext());
    return groupStore
        .createProcessedIndex(subscription.group())
        .compose(
            indexed ->
                consume(
                    subscription,
                    new GroupConsumer(
                        handler, new ProcessedMarkers(groupStore, subscription.group()))));
  }

  /**
   * Consumes like {@link #consume}, without processed records: for a handler whose effect is
   * idempotent by itself (a conditional update, an insert under a unique key), so that a redelivery
   * changes nothing even when handled again.
   */
  public Future<Void> consumeIdempotent(Subscription subscription, EventHandler handler) {
    return consume(subscription, new GroupConsumer(handler, null));
  }

  private Future<Void> consume(Subscription subscription, GroupConsumer consumer) {
    MessageConsumer<Object> registration =
        vertx.eventBus().consumer(subscription.address(), consumer::handle);
    return registration
        .completion()
        .compose(registered -> reader(subscription.stream()))
        .compose(
            reader -> {
              SubscriptionDispatcher dispatcher =
                  new SubscriptionDispatcher(
                      subscription, store, settings, nodeId, reader, members);
              dispatchers.put(subscription.id(), dispatcher);
              return vertx.deployVerticle(dispatcher).map(dispatcher);
            })
        .onSuccess(
            dispatcher -> {
              readiness.unregister("subscriptions/" + subscription.id());
              readiness.register(
                  "subscriptions/" + subscription.id(),
                  promise ->
                      promise.complete(
                          dispatcher.state() == SubscriptionDispatcher.State.FAILED
                              ? Status.KO(failed(dispatcher.localStatus()))
                              : Status.OK(dispatcher.localStatus())));
            })
        .mapEmpty();
  }

  /** A failed dispatcher's status with the reason every DOWN check gives. */
  private static JsonObject failed(JsonObject status) {
    return status.put("reason", status.getString("error", "the subscription stopped"));
  }

  /** The node's reader of a stream, deployed on first use. */
  private Future<StreamReader> reader(StreamId stream) {
    return readers.computeIfAbsent(
        stream,
        s -> {
          StreamReader reader = new StreamReader(s, store, settings);
          return vertx.deployVerticle(reader).map(reader);
        });
  }

  /**
   * The largest lag, in milliseconds, that any node reports for the subscription: the age of its
   * oldest event not yet settled, as of the last {@code events.rebalance-ms}.
   */
  public long lagMillis(String subscriptionId) {
    return members.lagMillis(subscriptionId);
  }

  private JsonObject memberEntry() {
    Map<String, JsonObject> entries = new HashMap<>();
    dispatchers.forEach(
        (id, dispatcher) -> {
          if (dispatcher.state() != SubscriptionDispatcher.State.STOPPED) {
            entries.put(id, dispatcher.memberEntry());
          }
        });
    return NodeMembers.entry(entries);
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
   * Every registered subscription: its checkpoints, the changes still to read after them, its
   * parked dead letters and, where this node runs it, the local dispatcher state.
   */
  public Future<JsonArray> subscriptions() {
    return new SubscriptionStatuses(
            store.on(vertx.getOrCreateContext()), settings.partitions(), dispatchers)
        .all();
  }

  /**
   * Starts this node's candidates for the best-effort live fan-out: one node per stream in the
   * cluster publishes its events to {@code events.<stream>}, from now, without a checkpoint.
   */
  public Future<Void> startLiveFanout() {
    List<Future<StreamReader>> started = new ArrayList<>();
    for (StreamId stream : Streams.ALL) {
      started.add(
          reader(stream)
              .onSuccess(
                  reader -> {
                    LiveFanout fanout =
                        new LiveFanout(vertx, stream, reader, settings.rebalanceMs());
                    live.add(fanout);
                    fanout.start();
                  }));
    }
    return Future.all(started).mapEmpty();
  }

  /**
   * Stops the live fan-out, this node's entry among the dispatchers and the driver; durable
   * dispatchers end with the verticles that started them.
   */
  public Future<Void> close() {
    List<Future<Void>> stopped = new ArrayList<>();
    live.forEach(fanout -> stopped.add(fanout.stop().otherwiseEmpty()));
    stopped.add(members.stop().otherwiseEmpty());
    return Future.all(stopped)
        .compose(
            v -> {
              List<Future<Void>> undeployed = new ArrayList<>();
              readers
                  .values()
                  .forEach(
                      reader ->
                          undeployed.add(
                              reader
                                  .compose(r -> vertx.undeploy(r.deploymentID()))
                                  .otherwiseEmpty()));
              return Future.all(undeployed);
            })
        .<Void>mapEmpty()
        .eventually(
            () -> {
              LOG.debug("Closing durable events of node {}", nodeId);
              mongo.close();
              return Future.succeededFuture();
            });
  }
}
