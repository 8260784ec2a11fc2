package io.tourbook.payment.impl;

import io.tourbook.contracts.Times;
import io.tourbook.payment.gateway.GatewayOutcome;
import io.tourbook.payment.gateway.GatewayRefund;
import io.tourbook.payment.gateway.PaymentGateway;
import io.tourbook.payment.model.Payments;
import io.tourbook.payment.model.RefundPolicy;
import io.tourbook.payment.store.PaymentStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refunds a cancelled tour's payment, exactly once, with the pattern checkout uses: the refund is
 * first recorded on the payment as pending, under the id {@code refund-<tourId>} that is also the
 * gateway's idempotency key; then the gateway is asked; then the refund is settled with one
 * conditional write stamped {@code payment.refunded}. Whatever stops in between (a crash, a kill
 * -9, an unreachable gateway) leaves the tour.cancelled event unacknowledged, and its redelivery
 * finds the pending refund and asks the gateway again under the same key, which refunds nothing
 * more. A refund of 0 (a late cancel under a 0% policy, a free tour) asks no gateway and is only
 * recorded.
 */
public final class Refunds {

  private static final Logger LOG = LoggerFactory.getLogger(Refunds.class);
  static final String PENDING = "pending";
  static final String SUCCEEDED = "succeeded";

  private final PaymentStore store;
  private final PaymentGateway gateway;
  private final RefundPolicy policy;

  public Refunds(PaymentStore store, PaymentGateway gateway, RefundPolicy policy) {
    this.store = store;
    this.gateway = gateway;
    this.policy = policy;
  }

  /** The refund id of a tour's cancellation, which is also its gateway idempotency key. */
  public static String refundId(String tourId) {
    return "refund-" + tourId;
  }

  /** Refunds the payment of a cancelled tour by the policy; does nothing the second time. */
  public Future<Void> refundCancelledTour(JsonObject tour, Instant now) {
    String tourId = tour.getString("_id");
    String paymentId = tour.getString("paymentId");
    if (paymentId == null) {
      return Future.succeededFuture();
    }
    return store
        .byId(paymentId)
        .compose(
            payment -> {
              if (payment == null) {
                LOG.warn(
                    "Cancelled tour {} names payment {}, which does not exist", tourId, paymentId);
                return Future.succeededFuture();
              }
              JsonObject recorded = refundOf(payment, tourId);
              if (recorded != null) {
                return PENDING.equals(recorded.getString("status"))
                    ? send(payment, recorded, now)
                    : Future.succeededFuture();
              }
              if (!Payments.SUCCEEDED.equals(payment.getString("status"))) {
                // Never charged, or already refunded for another reason: nothing to give back.
                return Future.succeededFuture();
              }
              RefundPolicy.Decision decision =
                  policy.decide(tour, payment.getJsonObject("amount"), now);
              JsonObject refund =
                  new JsonObject()
                      .put("refundId", refundId(tourId))
                      .put("tourId", tourId)
                      .put("amount", decision.money())
                      .put("percent", decision.percent())
                      .put("cancelledBy", tour.getString("cancelledBy", "customer"))
                      .put("cancelReason", tour.getString("cancelReason", "customer"))
                      .put("status", PENDING)
                      .put("requestedAt", Times.format(now));
              return store
                  .recordRefund(paymentId, refund)
                  .compose(
                      recordedNow ->
                          // Lost a race with another delivery: read what it recorded and resume.
                          recordedNow
                              ? send(
                                  payment.copy().put("refunds", new JsonArray().add(refund)),
                                  refund,
                                  now)
                              : refundCancelledTour(tour, now));
            });
  }

  /** Asks the gateway for a recorded pending refund, and settles it with the answer. */
  private Future<Void> send(JsonObject payment, JsonObject refund, Instant now) {
    String paymentId = payment.getString("_id");
    String refundId = refund.getString("refundId");
    JsonObject amount = refund.getJsonObject("amount");
    BigDecimal value = new BigDecimal(amount.getNumber("amount").toString());
    if (value.signum() == 0) {
      return settle(payment, refund, null, now);
    }
    return gateway
        .refund(
            new GatewayRefund(
                refundId,
                paymentId,
                payment.getString("gatewayRef"),
                value,
                amount.getString("currency")))
        .compose(
            outcome ->
                switch (outcome.status()) {
                  case SUCCEEDED -> settle(payment, refund, outcome.reference(), now);
                  case PENDING ->
                      store.updatePendingRefund(
                          paymentId,
                          refunds(payment, refund.copy().put("gatewayRef", outcome.reference())),
                          refundId,
                          now);
                  case FAILED -> Future.failedFuture(refused(paymentId, outcome));
                });
  }

  /**
   * Marks the pending refund succeeded; the payment becomes refunded or partially refunded (or, for
   * a refund of 0, stays succeeded and makes no event).
   */
  Future<Void> settle(JsonObject payment, JsonObject refund, String gatewayRef, Instant now) {
    JsonObject settled =
        refund.copy().put("status", SUCCEEDED).put("refundedAt", Times.format(now));
    if (gatewayRef != null) {
      settled.put("gatewayRef", gatewayRef);
    }
    String paymentId = payment.getString("_id");
    JsonArray refunds = refunds(payment, settled);
    if (refund.getJsonObject("amount").getNumber("amount").doubleValue() == 0) {
      return store.updatePendingRefund(paymentId, refunds, refund.getString("refundId"), now);
    }
    return store
        .settleRefund(
            paymentId,
            refund.getString("refundId"),
            refunds,
            status(payment, settled),
            "gateway:" + gateway.name(),
            now)
        .onSuccess(
            applied -> {
              if (applied) {
                LOG.info("Payment {} refunded {}", paymentId, settled.getValue("amount"));
              }
            })
        .mapEmpty();
  }

  /**
   * {@code refunded} when the refunds give back the whole amount, else {@code partially_refunded}.
   */
  static String status(JsonObject payment, JsonObject refund) {
    BigDecimal paid =
        new BigDecimal(payment.getJsonObject("amount").getNumber("amount").toString());
    BigDecimal back = new BigDecimal(refund.getJsonObject("amount").getNumber("amount").toString());
    return back.compareTo(paid) >= 0 ? Payments.REFUNDED : Payments.PARTIALLY_REFUNDED;
  }

  /** The payment's refunds with {@code refund} in place of the one with its id. */
  private static JsonArray refunds(JsonObject payment, JsonObject refund) {
    JsonArray refunds = new JsonArray();
    String refundId = refund.getString("refundId");
    for (Object stored : payment.getJsonArray("refunds", new JsonArray())) {
      if (stored instanceof JsonObject existing
          && !refundId.equals(existing.getString("refundId"))) {
        refunds.add(existing);
      }
    }
    return refunds.add(refund);
  }

  private static JsonObject refundOf(JsonObject payment, String tourId) {
    for (Object stored : payment.getJsonArray("refunds", new JsonArray())) {
      if (stored instanceof JsonObject refund && tourId.equals(refund.getString("tourId"))) {
        return refund;
      }
    }
    return null;
  }

  private IllegalStateException refused(String paymentId, GatewayOutcome outcome) {
    return new IllegalStateException(
        "The "
            + gateway.name()
            + " gateway refused the refund of payment "
            + paymentId
            + ": "
            + outcome.reason());
  }
}
