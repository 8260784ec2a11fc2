package io.tourbook.payment;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server speaking the part of Stripe's API the gateway uses, in Stripe's wire format:
 * {@code POST /v1/payment_intents} and {@code POST /v1/refunds}, form-encoded, Bearer-authenticated
 * with the secret key, with Stripe's idempotency (the same {@code Idempotency-Key} replays the
 * first response). It answers like Stripe's test mode: {@code tok_visa} succeeds, {@code
 * tok_chargeDeclined} is a 402 card error, and {@code tok_async} (a stand-in for methods that
 * settle later) stays {@code processing}. Tests can make it drop connections for a while, as in a
 * network outage (nothing reaches Stripe, so nothing is stored under the idempotency key).
 */
final class FakeStripe {

  static final String SECRET_KEY = "sk_test_fake_4eC39HqLyjWDarjtT1zdp7dc";

  /** One request as received: headers and form fields. */
  record Received(MultiMap headers, MultiMap form) {}

  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Answer> byIdempotencyKey = new ConcurrentHashMap<>();
  private final AtomicInteger intents = new AtomicInteger();
  private final AtomicInteger outages = new AtomicInteger();
  private final AtomicInteger refunds = new AtomicInteger();
  private volatile String refundStatus = "succeeded";
  private HttpServer server;

  private record Answer(int status, JsonObject body) {}

  Future<FakeStripe> start(Vertx vertx) {
    Router router = Router.router(vertx);
    router.post("/v1/payment_intents").handler(BodyHandler.create()).handler(this::paymentIntent);
    router.post("/v1/refunds").handler(BodyHandler.create()).handler(this::refund);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(
            listening -> {
              server = listening;
              return this;
            });
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next {@code count} requests get their connection closed without an answer. */
  void failNext(int count) {
    outages.set(count);
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** PaymentIntents created (replays of an idempotency key create none). */
  int intentsCreated() {
    return intents.get();
  }

  /** Refunds created from now on answer with this status ({@code pending} settles by webhook). */
  void refundStatus(String status) {
    refundStatus = status;
  }

  /** Refunds created (replays of an idempotency key create none). */
  int refundsCreated() {
    return refunds.get();
  }

  /** {@code POST /v1/refunds}: a Refund of the PaymentIntent, idempotent on its key. */
  private void refund(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    received.add(
        new Received(
            MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().headers()),
            MultiMap.caseInsensitiveMultiMap().addAll(form)));
    String key = ctx.request().getHeader("Idempotency-Key");
    Answer answer =
        byIdempotencyKey.computeIfAbsent(
            key == null ? "none-" + refunds.get() : key,
            k ->
                new Answer(
                    200,
                    new JsonObject()
                        .put("id", "re_fake" + refunds.incrementAndGet())
                        .put("object", "refund")
                        .put("amount", Long.parseLong(form.get("amount")))
                        .put("payment_intent", form.get("payment_intent"))
                        .put("status", refundStatus)));
    respond(ctx, answer);
  }

  private void paymentIntent(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    received.add(
        new Received(
            MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().headers()),
            MultiMap.caseInsensitiveMultiMap().addAll(form)));
    if (!("Bearer " + SECRET_KEY).equals(ctx.request().getHeader("Authorization"))) {
      respond(
          ctx, new Answer(401, error("invalid_request_error", null, "Invalid API Key provided")));
      return;
    }
    if (outages.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      ctx.request().connection().close();
      return;
    }
    String key = ctx.request().getHeader("Idempotency-Key");
    Answer answer =
        key == null ? create(form) : byIdempotencyKey.computeIfAbsent(key, k -> create(form));
    respond(ctx, answer);
  }

  private Answer create(MultiMap form) {
    String id = "pi_fake" + intents.incrementAndGet();
    JsonObject intent =
        new JsonObject()
            .put("id", id)
            .put("object", "payment_intent")
            .put("amount", Long.parseLong(form.get("amount")))
            .put("currency", form.get("currency"))
            .put("payment_method", form.get("payment_method"))
            .put(
                "metadata",
                new JsonObject()
                    .put("paymentId", form.get("metadata[paymentId]"))
                    .put("customerId", form.get("metadata[customerId]")));
    return switch (form.get("payment_method")) {
      case "tok_visa" -> new Answer(200, intent.put("status", "succeeded"));
      case "tok_async" -> new Answer(200, intent.put("status", "processing"));
      case "tok_chargeDeclined" -> {
        JsonObject declined = error("card_error", "card_declined", "Your card was declined.");
        declined
            .getJsonObject("error")
            .put("decline_code", "generic_decline")
            .put("payment_intent", intent.put("status", "requires_payment_method"));
        yield new Answer(402, declined);
      }
      default ->
          new Answer(
              400,
              error(
                  "invalid_request_error",
                  "resource_missing",
                  "No such PaymentMethod: '" + form.get("payment_method") + "'"));
    };
  }

  private static JsonObject error(String type, String code, String message) {
    JsonObject error = new JsonObject().put("type", type).put("message", message);
    if (code != null) {
      error.put("code", code);
    }
    return new JsonObject().put("error", error);
  }

  private static void respond(RoutingContext ctx, Answer answer) {
    ctx.response()
        .setStatusCode(answer.status())
        .putHeader("Content-Type", "application/json")
        .end(answer.body().encode());
  }

  Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
