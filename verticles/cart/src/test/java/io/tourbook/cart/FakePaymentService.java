package io.tourbook.cart;

import io.tourbook.contracts.payment.PaymentService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * payment.service that records every charge it is asked for and answers like the simulated gateway:
 * {@code tok_visa} succeeds, {@code tok_chargeDeclined} is declined with {@code card_declined}, any
 * other token is invalid; a charge without a token (a free cart) succeeds. It never deduplicates,
 * so the charges it records are exactly the calls the cart made. It can answer slowly, like a real
 * gateway.
 */
final class FakePaymentService implements PaymentService {

  private final Vertx vertx;
  private final List<JsonObject> charges = Collections.synchronizedList(new ArrayList<>());
  private volatile long answerAfterMs;

  FakePaymentService(Vertx vertx) {
    this.vertx = vertx;
  }

  void answerAfter(long ms) {
    answerAfterMs = ms;
  }

  List<JsonObject> charges() {
    synchronized (charges) {
      return List.copyOf(charges);
    }
  }

  @Override
  public Future<JsonObject> charge(JsonObject request) {
    String paymentId;
    synchronized (charges) {
      charges.add(request.copy());
      paymentId = "payment-" + charges.size();
    }
    Future<Void> delay =
        answerAfterMs > 0 ? vertx.timer(answerAfterMs).mapEmpty() : Future.succeededFuture();
    return delay.compose(
        v ->
            switch (request.getString("paymentToken", "free")) {
              case "tok_visa", "free" ->
                  Future.succeededFuture(
                      new JsonObject().put("paymentId", paymentId).put("status", "succeeded"));
              case "tok_chargeDeclined" ->
                  ServiceException.fail(
                      DECLINED,
                      "card_declined",
                      new JsonObject().put("paymentId", paymentId).put("reason", "card_declined"));
              default -> ServiceException.fail(INVALID, "Unknown test payment token.");
            });
  }
}
