package io.tourbook.platform.events;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.events.EventFixtures.GroupVerticle;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Durable delivery of change-stream events")
class DurableDeliveryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Vertx vertx;
  private JsonObject config;
  private HealthChecks readiness;
  private DurableEvents events;
  private MongoClient listings;

  @BeforeEach
  void setUp() throws Exception {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    config = backing.config();
    config
        .getJsonObject("events")
        .put("max-attempts", 3)
        .put("backoff-initial-ms", 10)
        .put("backoff-max-ms", 50)
        .put("rebalance-ms", 100)
        .put("request-timeout-ms", 5000);
    vertx = Vertx.vertx();
    readiness = HealthChecks.create(vertx);
    events = await(DurableEvents.create(vertx, config, readiness));
    listings = EventFixtures.listingDatabase(vertx, config);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(events.close());
    await(vertx.close());
  }

  /** Records what a group received, and applies its effect once per event id. */
  private final class Recorder implements EventHandler {
    final Map<String, List<Integer>> seqBySubject = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> handledById = new ConcurrentHashMap<>();
    final List<EventEnvelope> received = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Future<Void> handle(EventEnvelope event) {
      EventFixtures.SCHEMAS.assertValid(event.toJson());
      received.add(event);
      handledById.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
      seqBySubject
          .computeIfAbsent(
              event.subject(), s -> java.util.Collections.synchronizedList(new ArrayList<>()))
          .add(EventFixtures.seq(event));
      return Future.succeededFuture();
    }

    int distinct() {
      return handledById.size();
    }
  }

  @Test
  @DisplayName("1,000 writes reach every group, in order per subject, each effect applied once")
  void thousandWritesReachEveryGroupInOrder() throws Exception {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    await(
        vertx.deployVerticle(
            new GroupVerticle(events, EventFixtures.listingSubscription("first"), first)));
    await(
        vertx.deployVerticle(
            new GroupVerticle(events, EventFixtures.listingSubscription("second"), second)));

    await(EventFixtures.writeSubjectsSideBySide(listings, 50, 20));

    Eventually.until(
        "1,000 events in both groups",
        TIMEOUT,
        () -> first.distinct() == 1000 && second.distinct() == 1000);
    for (Recorder group : List.of(first, second)) {
      assertThat(group.handledById.values())
          .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
      assertThat(group.seqBySubject).hasSize(50);
      group.seqBySubject.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(20));
    }
    Eventually.until(
        "both groups' checkpoints at the end of the stream",
        TIMEOUT,
        () -> {
          JsonArray now = events.subscriptions().toCompletionStage().toCompletableFuture().join();
          return pendingChanges(now, "first") == 0 && pendingChanges(now, "second") == 0;
        });
    JsonArray statuses = await(events.subscriptions());
    List<JsonObject> notStarted =
        statuses.stream()
            .map(JsonObject.class::cast)
            .filter(status -> status.getString("stream").equals(Streams.LISTING_LISTINGS.name()))
            .filter(status -> !status.containsKey("checkpoint"))
            .toList();
    assertThat(notStarted)
        .as("registered groups not running here have every change still to read")
        .isNotEmpty()
        .allSatisfy(
            status -> assertThat(status.getLong("pendingChanges")).isGreaterThanOrEqualTo(1000));
  }

  @Test
  @DisplayName(
      "An update that does not restamp makes no event, even when read after a later stamped one")
  void bookkeepingUpdateMakesNoEvent() throws Exception {
    String id = "listing-counted";
    await(EventFixtures.write(listings, id, 0));
    await(
        listings.updateCollection(
            "listings",
            new JsonObject().put("_id", id),
            new JsonObject().put("$set", new JsonObject().put("views", 1))));
    await(EventFixtures.write(listings, id, 1));

    // Deployed after the writes, the group reads the bookkeeping update when the document
    // already carries the later stamp.
    Recorder late = new Recorder();
    await(
        vertx.deployVerticle(
            new GroupVerticle(events, EventFixtures.listingSubscription("late"), late)));
    Eventually.until(
        "the group at the end of the stream",
        TIMEOUT,
        () ->
            pendingChanges(
                    events.subscriptions().toCompletionStage().toCompletableFuture().join(), "late")
                == 0);
    // Only this subject: on a shared MongoDB the oplog still holds earlier tests' writes.
    assertThat(late.received)
        .filteredOn(event -> event.subject().equals(id))
        .extracting(EventEnvelope::type)
        .containsExactly("listing.created", "listing.updated");
  }

  private static long pendingChanges(JsonArray statuses, String group) {
    return statuses.stream()
        .map(JsonObject.class::cast)
        .filter(status -> status.getString("group").equals(group))
        .findFirst()
        .orElseThrow()
        .getLong("pendingChanges");
  }

  @Test
  @DisplayName(
      "A consumer failing its first attempts is retried; one always failing is parked, the stream goes on, and replay delivers it")
  void failingConsumerIsRetriedThenParkedAndReplayed() throws Exception {
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    Map<String, Integer> applied = new ConcurrentHashMap<>();
    AtomicInteger poisonFailures = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean poisonHealed =
        new java.util.concurrent.atomic.AtomicBoolean();
    Subscription subscription = EventFixtures.listingSubscription("flaky");
    EventHandler flaky =
        event -> {
          int attempt =
              attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
          if (event.subject().equals("listing-flaky") && attempt <= 2) {
            return Future.failedFuture("transient failure " + attempt);
          }
          if (event.subject().equals("listing-poison") && !poisonHealed.get()) {
            poisonFailures.incrementAndGet();
            return Future.failedFuture("poison");
          }
          applied.merge(event.subject(), 1, Integer::sum);
          return Future.succeededFuture();
        };
    await(vertx.deployVerticle(new GroupVerticle(events, subscription, flaky)));

    await(EventFixtures.write(listings, "listing-flaky", 0));
    await(EventFixtures.write(listings, "listing-poison", 0));
    await(EventFixtures.write(listings, "listing-after", 0));

    Eventually.until(
        "events after the poison one",
        TIMEOUT,
        () -> applied.containsKey("listing-after") && applied.containsKey("listing-flaky"));
    assertThat(applied.get("listing-flaky")).isEqualTo(1);
    Eventually.until("the poison event parked", TIMEOUT, () -> parked(subscription).size() == 1);
    assertThat(poisonFailures.get()).isEqualTo(3);
    assertThat(applied).doesNotContainKey("listing-poison");

    JsonObject letter = parked(subscription).getJsonObject(0);
    assertThat(letter.getString("subject")).isEqualTo("listing-poison");
    assertThat(letter.getInteger("attempts")).isEqualTo(3);
    assertThat(letter.getString("lastError")).contains("poison");

    poisonHealed.set(true);
    JsonObject replayed = await(events.replay(letter.getString("id")));
    assertThat(replayed.getString("status")).isEqualTo("replayed");
    assertThat(applied.get("listing-poison")).isEqualTo(1);
    assertThat(parked(subscription)).isEmpty();
  }

  @Test
  @DisplayName(
      "An event whose handling outlasts the request timeout is not parked: its redeliveries wait for the running attempt")
  void handlingSlowerThanTheRequestTimeoutIsNotParked() throws Exception {
    JsonObject impatientConfig = config.copy();
    impatientConfig.getJsonObject("events").put("request-timeout-ms", 200);
    DurableEvents impatient =
        await(DurableEvents.create(vertx, impatientConfig, HealthChecks.create(vertx)));
    Subscription subscription = EventFixtures.listingSubscription("slow");
    Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    Map<String, Integer> applied = new ConcurrentHashMap<>();
    EventHandler slow =
        event -> {
          invocations.computeIfAbsent(event.subject(), s -> new AtomicInteger()).incrementAndGet();
          // Longer than two request timeouts plus their backoff: the first attempts time out.
          long millis = event.subject().equals("listing-slow") ? 450 : 0;
          return (millis == 0
                  ? Future.<Void>succeededFuture()
                  : vertx.timer(millis).<Void>mapEmpty())
              .onSuccess(done -> applied.merge(event.subject(), 1, Integer::sum));
        };
    try {
      await(vertx.deployVerticle(new GroupVerticle(impatient, subscription, slow)));

      await(EventFixtures.write(listings, "listing-slow", 0));
      await(EventFixtures.write(listings, "listing-after", 0));

      Eventually.until(
          "both events applied",
          TIMEOUT,
          () -> applied.containsKey("listing-slow") && applied.containsKey("listing-after"));
      assertThat(invocations.get("listing-slow").get()).isEqualTo(1);
      assertThat(
              await(impatient.deadLetters(subscription.id(), "parked", 0, 100))
                  .getJsonArray("items"))
          .isEmpty();
    } finally {
      await(impatient.close());
    }
  }

  private JsonArray parked(Subscription subscription) {
    try {
      return await(events.deadLetters(subscription.id(), "parked", 0, 100)).getJsonArray("items");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName(
      "Restarting a node mid-stream resumes from the checkpoint: nothing lost, duplicates absorbed")
  void restartMidStreamResumesFromCheckpoint() throws Exception {
    Subscription subscription = EventFixtures.listingSubscription("restarting");
    Recorder recorder = new Recorder();
    String deployment =
        await(vertx.deployVerticle(new GroupVerticle(events, subscription, recorder)));
    Future<Void> writes = EventFixtures.writeSubjects(listings, 30, 10);

    Eventually.until("some events before the restart", TIMEOUT, () -> recorder.distinct() >= 50);
    await(vertx.undeploy(deployment));
    int beforeRestart = recorder.distinct();
    await(writes);
    assertThat(beforeRestart).isLessThan(300);

    await(vertx.deployVerticle(new GroupVerticle(events, subscription, recorder)));
    Eventually.until("all 300 events after the restart", TIMEOUT, () -> recorder.distinct() == 300);
    assertThat(recorder.handledById.values())
        .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    recorder.seqBySubject.values().forEach(seqs -> assertThat(seqs).isSorted().hasSize(10));
  }

  @Test
  @DisplayName(
      "A checkpoint the oplog no longer reaches turns readiness DOWN instead of skipping events")
  void lostResumePointTurnsReadinessDown() throws Exception {
    Subscription subscription = EventFixtures.listingSubscription("stale");
    await(EventFixtures.write(listings, "listing-1", 0));
    com.mongodb.reactivestreams.client.MongoClient driver =
        com.mongodb.reactivestreams.client.MongoClients.create(
            config.getJsonObject("mongo").getString("uri"));
    try {
      EventStore store = new EventStore(driver, vertx.getOrCreateContext(), 200);
      await(
          store.saveCheckpoints(
              subscription,
              List.of(
                  // A checkpoint from before partitions: every partition starts from it.
                  new Checkpoint(
                      0,
                      0,
                      new org.bson.BsonDocument(
                          "_data", new org.bson.BsonString("0000000100000001")),
                      new org.bson.BsonTimestamp(1, 1),
                      "gone",
                      7,
                      java.time.Instant.parse("2020-01-01T00:00:00Z"),
                      "old-node"))));
    } finally {
      driver.close();
    }
    Recorder recorder = new Recorder();
    await(vertx.deployVerticle(new GroupVerticle(events, subscription, recorder)));

    Eventually.until(
        "readiness DOWN",
        TIMEOUT,
        () -> {
          try {
            CheckResult result = await(readiness.checkStatus());
            return !result.getUp();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    CheckResult result = await(readiness.checkStatus("subscriptions/" + subscription.id()));
    assertThat(result.getUp()).isFalse();
    assertThat(result.toJson().encode()).contains("oplog");
    assertThat(recorder.received).isEmpty();
  }

  @Test
  @DisplayName("The live fan-out publishes each event on events.<stream> for best-effort listeners")
  void liveFanoutPublishesEvents() throws Exception {
    List<EventEnvelope> heard = java.util.Collections.synchronizedList(new ArrayList<>());
    vertx
        .eventBus()
        .<JsonObject>consumer(
            io.tourbook.contracts.events.SubscriptionRegistry.liveAddress(
                io.tourbook.contracts.events.Streams.LISTING_LISTINGS),
            message -> heard.add(EventEnvelope.fromJson(message.body())));
    await(events.startLiveFanout());
    Eventually.until(
        "the live dispatchers to be active",
        TIMEOUT,
        () -> {
          try {
            return await(readiness.checkStatus()).getUp();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });

    Eventually.until(
        "a live event",
        TIMEOUT,
        () -> {
          try {
            await(
                EventFixtures.write(
                    listings, "listing-live-" + heard.size() + "-" + System.nanoTime(), 0));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return !heard.isEmpty();
        });
    EventEnvelope first = heard.get(0);
    assertThat(first.type()).isEqualTo("listing.created");
    EventFixtures.SCHEMAS.assertValid(first.toJson());
  }

  @Test
  @DisplayName(
      "An update whose document is gone by the time it is read produces no event; the delete does")
  void updateOfDeletedDocumentProducesNoEvent() throws Exception {
    await(EventFixtures.write(listings, "listing-gone", 0));
    await(EventFixtures.write(listings, "listing-gone", 1));
    await(listings.removeDocument("listings", new JsonObject().put("_id", "listing-gone")));
    List<String> types = java.util.Collections.synchronizedList(new ArrayList<>());
    EventHandler handler =
        event -> {
          types.add(event.type());
          EventFixtures.SCHEMAS.assertValid(event.toJson());
          return Future.succeededFuture();
        };

    await(
        vertx.deployVerticle(
            new GroupVerticle(events, EventFixtures.listingSubscription("gone"), handler)));

    Eventually.until("the delete event", TIMEOUT, () -> types.contains("listing.deleted"));
    assertThat(types).containsExactly("listing.created", "listing.deleted");
  }
}
