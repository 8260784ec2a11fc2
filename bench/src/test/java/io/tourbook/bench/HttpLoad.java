package io.tourbook.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A closed-loop load generator: {@code concurrency} calls in flight for a fixed time, each answered
 * one replaced by the next. Only calls that answer {@code true} (for HTTP: a 200) count.
 */
final class HttpLoad {

  /** Calls per second and latencies of one endpoint. */
  record Result(String name, double requestsPerSecond, long errors, Latencies latency) {

    JsonObject toJson() {
      return new JsonObject()
          .put("name", name)
          .put("requestsPerSecond", requestsPerSecond)
          .put("errors", errors)
          .put("latencyMs", latency.toJson());
    }
  }

  private HttpLoad() {}

  /** A call that succeeds with a 200 answer to the request. */
  static Supplier<Future<Boolean>> http(Supplier<HttpRequest<Buffer>> request) {
    return () -> request.get().send().map(response -> response.statusCode() == 200);
  }

  static Result run(
      String name, Supplier<Future<Boolean>> call, int concurrency, Duration duration) {
    Latencies latency = new Latencies();
    AtomicLong errors = new AtomicLong();
    long deadline = System.nanoTime() + duration.toNanos();
    long start = System.nanoTime();
    Future<?>[] workers = new Future<?>[concurrency];
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> done = Promise.promise();
      next(call, latency, errors, deadline, done);
      workers[i] = done.future();
    }
    Sync.await(Future.all(java.util.List.of(workers)));
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(name, latency.count() / seconds, errors.get(), latency);
  }

  private static void next(
      Supplier<Future<Boolean>> call,
      Latencies latency,
      AtomicLong errors,
      long deadline,
      Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      done.complete();
      return;
    }
    long sent = System.nanoTime();
    call.get()
        .onComplete(
            answer -> {
              if (answer.succeeded() && answer.result()) {
                latency.recordNanos(System.nanoTime() - sent);
              } else {
                errors.incrementAndGet();
              }
              next(call, latency, errors, deadline, done);
            });
  }

  /** The baseline: a bare Vert.x HTTP server answering a listing-sized JSON document. */
  static HttpServer bareServer(io.vertx.core.Vertx vertx) {
    Buffer body = Population.listingBody().put("_id", "bare").toBuffer();
    return Sync.await(
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request.response().putHeader("Content-Type", "application/json").end(body))
            .listen(0, "127.0.0.1"));
  }
}
