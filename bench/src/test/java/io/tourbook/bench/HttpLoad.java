package io.tourbook.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Runs each call in turn for {@code slice}, {@code rounds} times over, after one discarded round
   * of warm-up, so that a machine whose load changes during the measurement weighs on every call
   * alike; the results are in the order of {@code calls}.
   */
  static List<Result> interleaved(
      Map<String, Supplier<Future<Boolean>>> calls, int concurrency, Duration slice, int rounds) {
    calls
        .values()
        .forEach(call -> measure(call, concurrency, slice, new Latencies(), new AtomicLong()));
    Map<String, Latencies> latencies = new LinkedHashMap<>();
    Map<String, AtomicLong> errors = new LinkedHashMap<>();
    Map<String, Long> nanos = new LinkedHashMap<>();
    calls
        .keySet()
        .forEach(
            name -> {
              latencies.put(name, new Latencies());
              errors.put(name, new AtomicLong());
              nanos.put(name, 0L);
            });
    for (int round = 0; round < rounds; round++) {
      for (var call : calls.entrySet()) {
        String name = call.getKey();
        long elapsed =
            measure(call.getValue(), concurrency, slice, latencies.get(name), errors.get(name));
        nanos.merge(name, elapsed, Long::sum);
      }
    }
    List<Result> results = new ArrayList<>();
    for (String name : calls.keySet()) {
      Latencies latency = latencies.get(name);
      results.add(
          new Result(
              name, latency.count() / (nanos.get(name) / 1e9), errors.get(name).get(), latency));
    }
    return results;
  }

  /** Keeps {@code concurrency} calls in flight for {@code duration}; the nanoseconds it took. */
  private static long measure(
      Supplier<Future<Boolean>> call,
      int concurrency,
      Duration duration,
      Latencies latency,
      AtomicLong errors) {
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    Future<?>[] workers = new Future<?>[concurrency];
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> done = Promise.promise();
      next(call, latency, errors, deadline, done);
      workers[i] = done.future();
    }
    Sync.await(Future.all(List.of(workers)));
    return System.nanoTime() - start;
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
