package io.tourbook.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for EventBridge that speaks PutEvents over its JSON protocol ({@code X-Amz-Target:
 * AWSEvents.PutEvents}), as no EventBridge emulator runs here. It throttles a share of whole calls,
 * fails a share of entries with a retryable error code, refuses every entry for good while {@link
 * #refuseAll} is set, and records every accepted entry with the time it accepted it.
 */
final class PutEventsEndpoint {

  private static final String JSON_1_1 = "application/x-amz-json-1.1";

  /** One accepted entry. */
  record Accepted(
      String eventId,
      String source,
      String detailType,
      JsonObject detail,
      String traceHeader,
      long acceptedAtMillis) {}

  private final HttpServer server;
  private final Random random;
  private final double throttleRate;
  private final double entryFailureRate;
  private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
  private volatile boolean refuseAll;
  private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger failedEntries = new AtomicInteger();
  private final AtomicInteger eventIds = new AtomicInteger();

  private PutEventsEndpoint(Vertx vertx, double throttleRate, double entryFailureRate, long seed) {
    this.throttleRate = throttleRate;
    this.entryFailureRate = entryFailureRate;
    this.random = new Random(seed);
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  static Future<PutEventsEndpoint> start(
      Vertx vertx, double throttleRate, double entryFailureRate, long seed) {
    PutEventsEndpoint endpoint = new PutEventsEndpoint(vertx, throttleRate, entryFailureRate, seed);
    return endpoint.server.listen(0, "127.0.0.1").map(endpoint);
  }

  String uri() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  int throttled() {
    return throttled.get();
  }

  int failedEntries() {
    return failedEntries.get();
  }

  /** Events with at least one entry failed by injection. */
  Set<String> failedOnce() {
    return Set.copyOf(failedOnce);
  }

  /** While set, refuses every entry for good, with MalformedDetail. */
  void refuseAll(boolean refuse) {
    refuseAll = refuse;
  }

  Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    if (!"AWSEvents.PutEvents".equals(request.getHeader("X-Amz-Target"))) {
      request.response().setStatusCode(400).end(error("UnknownOperationException", "unsupported"));
      return;
    }
    request
        .body()
        .onSuccess(
            body -> {
              if (draw() < throttleRate) {
                throttled.incrementAndGet();
                request
                    .response()
                    .setStatusCode(400)
                    .putHeader("Content-Type", JSON_1_1)
                    .end(error("ThrottlingException", "Rate exceeded"));
                return;
              }
              JsonArray entries = body.toJsonObject().getJsonArray("Entries");
              JsonArray results = new JsonArray();
              int failed = 0;
              for (int i = 0; i < entries.size(); i++) {
                JsonObject entry = entries.getJsonObject(i);
                JsonObject detail = new JsonObject(entry.getString("Detail"));
                String eventId = detail.getString("id");
                if (refuseAll) {
                  failed++;
                  results.add(failure("MalformedDetail", "refused by the test"));
                } else if (draw() < entryFailureRate) {
                  failed++;
                  failedEntries.incrementAndGet();
                  failedOnce.add(eventId);
                  results.add(
                      failure(
                          draw() < 0.5 ? "ThrottlingException" : "InternalFailure",
                          "injected entry failure"));
                } else {
                  accepted.add(
                      new Accepted(
                          eventId,
                          entry.getString("Source"),
                          entry.getString("DetailType"),
                          detail,
                          entry.getString("TraceHeader"),
                          System.currentTimeMillis()));
                  results.add(new JsonObject().put("EventId", "eb-" + eventIds.incrementAndGet()));
                }
              }
              request
                  .response()
                  .putHeader("Content-Type", JSON_1_1)
                  .end(
                      new JsonObject()
                          .put("FailedEntryCount", failed)
                          .put("Entries", results)
                          .encode());
            });
  }

  private double draw() {
    synchronized (random) {
      return random.nextDouble();
    }
  }

  private static JsonObject failure(String code, String message) {
    return new JsonObject().put("ErrorCode", code).put("ErrorMessage", message);
  }

  private static String error(String type, String message) {
    return new JsonObject().put("__type", type).put("message", message).encode();
  }
}
