package io.tourbook.bench;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.tourbook.availability.store.PoolStore;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
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

  /** availability's claim script through its own store, on realtors made available just before. */
  static Latencies claim(Vertx vertx, String redisUrl, int samples) {
    Redis redis = Redis.createClient(vertx, redisUrl);
    try {
      PoolStore store = new PoolStore(redis, Clock.systemUTC());
      Sync.await(store.loadScripts());
      Latencies latencies = new Latencies();
      for (int i = 0; i < samples; i++) {
        String realtor = "bench-floor-" + i;
        String key = PoolStore.realtorKey(realtor);
        Sync.await(redis.send(Request.cmd(Command.HSET).arg(key).arg("status").arg("available")));
        long start = System.nanoTime();
        boolean claimed = Sync.await(store.claim(realtor, "bench-floor-tour-" + i));
        latencies.recordNanos(System.nanoTime() - start);
        if (!claimed) {
          throw new IllegalStateException("The claim script did not claim " + realtor);
        }
        Sync.await(redis.send(Request.cmd(Command.DEL).arg(key)));
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
