package io.tourbook.platform.events;

import static io.tourbook.platform.testsupport.Eventually.await;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.tourbook.contracts.events.Subscription;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;

/**
 * Events per second through one durable subscription, against the raw change-stream read rate of
 * the same backlog in the same run. Not part of the normal suite (the class name keeps surefire off
 * it); run it with {@code ./mvnw -B -pl verticles/platform -am test
 * -Dtest=SubscriptionThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@DisplayName("Subscription throughput benchmark")
public class SubscriptionThroughputBenchmark {

  private static final int EVENTS = Integer.getInteger("bench.events", 5000);

  /** Both rates, events per second. */
  public record Result(int events, double subscriptionPerSecond, double rawPerSecond) {
    public double ratio() {
      return subscriptionPerSecond / rawPerSecond;
    }
  }

  @Test
  @DisplayName("reports events/s of a subscription and of the raw change stream")
  void measure() throws Exception {
    Result result = run(EVENTS);
    System.out.printf(
        "%nsubscription: %.0f events/s; raw change stream: %.0f events/s;"
            + " ratio subscription/raw = %.2f%n",
        result.subscriptionPerSecond(), result.rawPerSecond(), result.ratio());
  }

  /**
   * Writes a backlog of {@code events} listings, reads it with a bare change stream, then times one
   * durable subscription (a handler that only counts) through the same backlog.
   */
  public static Result run(int events) throws Exception {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    JsonObject config = backing.config();
    Vertx vertx = Vertx.vertx();
    try {
      var listings = EventFixtures.listingDatabase(vertx, config);
      Future<Void> inserts = Future.succeededFuture();
      for (int i = 0; i < events; i++) {
        String id = "bench-" + i;
        inserts = inserts.compose(v -> EventFixtures.write(listings, id, 0));
      }
      await(inserts);

      double raw = rawReadRate(config.getJsonObject("mongo").getString("uri"), events);

      DurableEvents durable =
          await(DurableEvents.create(vertx, config, HealthChecks.create(vertx)));
      AtomicInteger handled = new AtomicInteger();
      Subscription subscription = EventFixtures.listingSubscription("bench");
      long start = System.nanoTime();
      await(
          vertx.deployVerticle(
              new EventFixtures.GroupVerticle(
                  durable,
                  subscription,
                  event -> {
                    handled.incrementAndGet();
                    return Future.succeededFuture();
                  })));
      Eventually.until("every event", Duration.ofMinutes(5), () -> handled.get() >= events);
      double delivered = events / ((System.nanoTime() - start) / 1e9);
      await(durable.close());
      return new Result(events, delivered, raw);
    } finally {
      await(vertx.close());
    }
  }

  /** Reads the whole backlog with a bare change stream and no processing. */
  private static double rawReadRate(String uri, int events) throws InterruptedException {
    try (MongoClient mongo = MongoClients.create(uri)) {
      CountDownLatch done = new CountDownLatch(1);
      AtomicInteger read = new AtomicInteger();
      long start = System.nanoTime();
      mongo
          .getDatabase("listing")
          .getCollection("listings")
          .watch()
          .startAtOperationTime(new BsonTimestamp(0, 0))
          .subscribe(
              new Subscriber<ChangeStreamDocument<Document>>() {
                private org.reactivestreams.Subscription subscription;

                @Override
                public void onSubscribe(org.reactivestreams.Subscription s) {
                  subscription = s;
                  s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ChangeStreamDocument<Document> change) {
                  if (read.incrementAndGet() == events) {
                    subscription.cancel();
                    done.countDown();
                  }
                }

                @Override
                public void onError(Throwable failure) {
                  done.countDown();
                }

                @Override
                public void onComplete() {
                  done.countDown();
                }
              });
      done.await(5, TimeUnit.MINUTES);
      return read.get() / ((System.nanoTime() - start) / 1e9);
    }
  }
}
