package io.tourbook.bench;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Open-loop booking load: checkouts are sent at the offered rate whatever the answers, spread over
 * the given nodes; then the tours are read until every paid one is SCHEDULED (or a deadline), and
 * checkout → SCHEDULED is the time from sending the checkout to the tour's {@code tour.scheduled}
 * stamp.
 */
final class BookingLoad {

  /** A node's HTTP endpoint. */
  record Target(WebClient client, int port) {}

  /**
   * What one offered load achieved; {@code rejected} checkouts were answered 429 (the pipeline's
   * lag was past its bound) and are neither errors nor retried.
   */
  record Result(
      double offeredPerSecond,
      int sent,
      int paid,
      int rejected,
      int scheduled,
      double achievedPerSecond,
      Latencies latency) {

    JsonObject toJson() {
      return new JsonObject()
          .put("offeredPerSecond", offeredPerSecond)
          .put("sent", sent)
          .put("paid", paid)
          .put("rejected", rejected)
          .put("scheduled", scheduled)
          .put("achievedPerSecond", achievedPerSecond)
          .put("latencyMs", latency.toJson());
    }
  }

  /**
   * The checkouts of one offered load that were paid (when each was sent, by payment id), and how
   * many were answered 429.
   */
  record Offered(Map<String, Instant> sentAt, Instant firstSent, int rejected) {}

  private static final int PREPARE_CONCURRENCY = 32;

  private final List<Target> targets;
  private final Function<String, String> customerToken;
  private final Function<String, JsonArray> preferredTimes;
  private final MongoCollection<Document> tours;
  private final String listingId;

  BookingLoad(
      List<Target> targets,
      Function<String, String> customerToken,
      Function<String, JsonArray> preferredTimes,
      MongoClient mongo,
      String listingId) {
    this.targets = targets;
    this.customerToken = customerToken;
    this.preferredTimes = preferredTimes;
    this.tours = mongo.getDatabase("tour").getCollection("tours");
    this.listingId = listingId;
  }

  /** Puts the listing in each customer's cart, a bounded number of requests at a time. */
  void fillCarts(List<String> customers) {
    List<Supplier<Future<?>>> calls = new ArrayList<>();
    for (int i = 0; i < customers.size(); i++) {
      Target target = targets.get(i % targets.size());
      String token = customerToken.apply(customers.get(i));
      calls.add(
          () ->
              target
                  .client()
                  .post(target.port(), "127.0.0.1", "/api/v1/carts/me/items")
                  .bearerTokenAuthentication(token)
                  .sendJsonObject(new JsonObject().put("listingId", listingId))
                  .map(BookingLoad::expectCreated));
    }
    Sync.await(throttled(calls, PREPARE_CONCURRENCY));
  }

  /** Offers {@code customers.size()} checkouts at {@code perSecond}, then waits for the tours. */
  Result run(List<String> customers, double perSecond, Duration drainDeadline) {
    long deadline = System.nanoTime() + drainDeadline.toNanos();
    Offered offered = offer(customers, perSecond, deadline);
    List<Document> scheduled = awaitScheduled(offered.sentAt().keySet(), deadline);
    Latencies latency = new Latencies();
    Instant last = offered.firstSent();
    for (Document tour : scheduled) {
      Instant at = Instant.parse(tour.get("lastChange", Document.class).getString("at"));
      latency.recordMicros(
          Duration.between(offered.sentAt().get(tour.getString("paymentId")), at).toNanos() / 1000);
      last = at.isAfter(last) ? at : last;
    }
    double seconds =
        Math.max(1e-3, Duration.between(offered.firstSent(), last).toMillis() / 1000.0);
    return new Result(
        perSecond,
        customers.size(),
        offered.sentAt().size(),
        offered.rejected(),
        scheduled.size(),
        scheduled.size() / seconds,
        latency);
  }

  /**
   * Sends one checkout per customer at {@code perSecond}, open-loop, with the customer's preferred
   * times, and waits for the answers until {@code deadline} (System.nanoTime()).
   */
  Offered offer(List<String> customers, double perSecond, long deadline) {
    Map<String, Instant> sentAt = new ConcurrentHashMap<>();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    long intervalNanos = (long) (1_000_000_000L / perSecond);
    long start = System.nanoTime();
    Instant firstSent = Instant.now();
    for (int i = 0; i < customers.size(); i++) {
      long due = start + i * intervalNanos;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      Target target = targets.get(i % targets.size());
      String customer = customers.get(i);
      Instant sent = Instant.now();
      target
          .client()
          .post(target.port(), "127.0.0.1", "/api/v1/carts/me/checkout")
          .bearerTokenAuthentication(customerToken.apply(customer))
          .putHeader("Idempotency-Key", UUID.randomUUID().toString())
          .sendJsonObject(
              new JsonObject()
                  .put("paymentToken", "tok_visa")
                  .put("preferredTimes", preferredTimes.apply(customer)))
          .onComplete(
              answer -> {
                answered.incrementAndGet();
                if (answer.succeeded() && answer.result().statusCode() == 201) {
                  sentAt.put(answer.result().bodyAsJsonObject().getString("paymentId"), sent);
                } else if (answer.succeeded() && answer.result().statusCode() == 429) {
                  rejected.incrementAndGet();
                }
              });
    }
    while (answered.get() < customers.size() && System.nanoTime() < deadline) {
      Sync.pause(50);
    }
    return new Offered(sentAt, firstSent, rejected.get());
  }

  private List<Document> awaitScheduled(java.util.Set<String> paymentIds, long deadline) {
    // By paymentId alone, so that the unique index serves it (status is checked here): with the
    // status in the filter, or a count, the embedded MongoDB reads every tour on each poll, which
    // loads the node under test.
    var filter = Filters.in("paymentId", paymentIds);
    var fields = Projections.include("paymentId", "status", "lastChange");
    while (true) {
      List<Document> scheduled =
          Sync.all(tours.find(filter).projection(fields)).stream()
              .filter(tour -> "SCHEDULED".equals(tour.getString("status")))
              .toList();
      if (scheduled.size() == paymentIds.size() || System.nanoTime() >= deadline) {
        return scheduled;
      }
      Sync.pause(250);
    }
  }

  private static Void expectCreated(HttpResponse<Buffer> response) {
    if (response.statusCode() != 201) {
      throw new IllegalStateException(response.statusCode() + " " + response.bodyAsString());
    }
    return null;
  }

  /** Runs the calls with at most {@code concurrency} in flight; fails on the first failure. */
  static Future<Void> throttled(List<Supplier<Future<?>>> calls, int concurrency) {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    if (calls.isEmpty()) {
      return Future.succeededFuture();
    }
    Runnable[] launch = new Runnable[1];
    launch[0] =
        () -> {
          int index = next.getAndIncrement();
          if (index >= calls.size()) {
            return;
          }
          calls
              .get(index)
              .get()
              .onComplete(
                  result -> {
                    if (result.failed()) {
                      done.tryFail(result.cause());
                    } else if (finished.incrementAndGet() == calls.size()) {
                      done.tryComplete();
                    } else {
                      launch[0].run();
                    }
                  });
        };
    for (int i = 0; i < Math.min(concurrency, calls.size()); i++) {
      launch[0].run();
    }
    return done.future();
  }
}
