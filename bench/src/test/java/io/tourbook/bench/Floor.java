package io.tourbook.bench;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.tourbook.availability.model.Booking;
import io.tourbook.availability.model.RealtorAccount;
import io.tourbook.availability.store.PoolStore;
import io.tourbook.contracts.GeoPoint;
import io.tourbook.platform.calendar.CalendarRules;
import io.tourbook.platform.calendar.WeeklyHours;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The raw steps a booking must take, measured one at a time on the same backing services: a MongoDB
 * insert until its change event arrives, availability's Redis claim script, and an event-bus
 * request/reply. The floor of the pipeline is {@link #HOPS} change events, one claim and {@link
 * #REQUEST_REPLIES} request/replies.
 */
final class Floor {

  /**
   * Change-stream hops from checkout to SCHEDULED: payment → tour (created), tour → assignment,
   * assignment → tour (assigned), tour → scheduling, schedule → tour (scheduled).
   */
  static final int HOPS = 5;

  /** One delivery per hop, plus cart → listing, cart → payment and assignment → availability. */
  static final int REQUEST_REPLIES = HOPS + 3;

  private static final String ECHO_ADDRESS = "bench.floor.echo";

  private Floor() {}

  static Latencies changeEvent(MongoClient mongo, int samples) {
    MongoCollection<Document> collection = mongo.getDatabase("bench").getCollection("floor");
    Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
    Subscription[] subscription = new Subscription[1];
    collection
        .watch()
        .subscribe(
            new Subscriber<ChangeStreamDocument<Document>>() {
              @Override
              public void onSubscribe(Subscription s) {
                subscription[0] = s;
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ChangeStreamDocument<Document> change) {
                long now = System.nanoTime();
                Document doc = change.getFullDocument();
                if (doc != null) {
                  arrivals
                      .computeIfAbsent(doc.getString("_id"), id -> new CompletableFuture<>())
                      .complete(now);
                }
              }

              @Override
              public void onError(Throwable failure) {
                arrivals.values().forEach(arrival -> arrival.completeExceptionally(failure));
              }

              @Override
              public void onComplete() {}
            });
    try {
      // The stream opens asynchronously: insert until one event arrives, then measure.
      long openDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!insertAndWait(collection, arrivals, 2).isPresent()) {
        if (System.nanoTime() > openDeadline) {
          throw new IllegalStateException("The change stream delivered nothing within a minute");
        }
      }
      Latencies latencies = new Latencies();
      for (int i = 0; i < samples; i++) {
        insertAndWait(collection, arrivals, 10).ifPresent(latencies::recordNanos);
      }
      return latencies;
    } finally {
      if (subscription[0] != null) {
        subscription[0].cancel();
      }
    }
  }

  private static java.util.Optional<Long> insertAndWait(
      MongoCollection<Document> collection,
      Map<String, CompletableFuture<Long>> arrivals,
      long timeoutSeconds) {
    String id = UUID.randomUUID().toString();
    CompletableFuture<Long> arrival =
        arrivals.computeIfAbsent(id, key -> new CompletableFuture<>());
    long start = System.nanoTime();
    Sync.all(collection.insertOne(new Document("_id", id).append("at", start)));
    try {
      return java.util.Optional.of(arrival.get(timeoutSeconds, TimeUnit.SECONDS) - start);
    } catch (Exception noEvent) {
      return java.util.Optional.empty();
    } finally {
      arrivals.remove(id);
    }
  }

  /**
   * availability's claim script through its own store, each on a realtor made available just before
   * (on duty around the clock), for a one-hour slot tomorrow.
   */
  static Latencies claim(Vertx vertx, String redisUrl, int samples) {
    Redis redis = Redis.createClient(vertx, redisUrl);
    try {
      CalendarRules rules = CalendarRules.from(new JsonObject());
      WeeklyHours always =
          WeeklyHours.uniform(
              ZoneOffset.UTC, EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, null);
      PoolStore store = new PoolStore(redis, Clock.systemUTC(), rules);
      Sync.await(store.loadScripts());
      Sync.await(store.markBuilt());
      Instant start = rules.alignUp(Instant.now().plus(Duration.ofDays(1)));
      Latencies latencies = new Latencies();
      for (int i = 0; i < samples; i++) {
        String realtor = "bench-floor-" + i;
        Sync.await(
            store.applyAccount(
                new RealtorAccount(
                    realtor,
                    true,
                    true,
                    new GeoPoint(52.52, 13.40),
                    always,
                    List.of(),
                    System.currentTimeMillis())));
        Booking booking =
            new Booking(
                "bench-floor-tour-" + i,
                start.toEpochMilli(),
                start.plus(Duration.ofHours(1)).toEpochMilli(),
                null,
                null,
                0);
        long began = System.nanoTime();
        String outcome = Sync.await(store.claim(realtor, booking));
        latencies.recordNanos(System.nanoTime() - began);
        if (!"booked".equals(outcome)) {
          throw new IllegalStateException(
              "The claim script did not book " + realtor + ": " + outcome);
        }
        Sync.await(store.release(realtor, booking.tourId()));
      }
      return latencies;
    } finally {
      redis.close();
    }
  }

  /** A request/reply carrying an event-sized body to a consumer on the same node. */
  static Latencies requestReply(Vertx vertx, int samples) {
    MessageConsumer<JsonObject> echo =
        vertx
            .eventBus()
            .<JsonObject>consumer(ECHO_ADDRESS, message -> message.reply(message.body()));
    try {
      Sync.await(echo.completion());
      JsonObject body = new JsonObject().put("data", Population.listingBody()).put("id", "x");
      Latencies latencies = new Latencies();
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        Sync.await(vertx.eventBus().request(ECHO_ADDRESS, body));
        latencies.recordNanos(System.nanoTime() - start);
      }
      return latencies;
    } finally {
      Sync.await(echo.unregister());
    }
  }
}
