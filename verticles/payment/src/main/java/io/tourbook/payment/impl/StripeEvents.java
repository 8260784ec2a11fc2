package io.tourbook.payment.impl;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.payment.PaymentSettings;
import io.tourbook.payment.gateway.Currencies;
import io.tourbook.payment.model.Payments;
import io.tourbook.payment.store.PaymentStore;
import io.tourbook.platform.http.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Applies Stripe's verified webhook events to the stored payments: {@code payment_intent.succeeded}
 * and {@code payment_intent.payment_failed} settle a pending payment (a conditional update on
 * {@code status: pending}, so a settled payment never changes again and a redelivered event changes
 * nothing). {@code charge.refunded} settles the payment's pending refund, or records a refund made
 * at Stripe without us (the dashboard) when the payment holds none. Other event types are
 * acknowledged and ignored.
 */
public final class StripeEvents {

  static final String SUCCEEDED = "payment_intent.succeeded";
  static final String FAILED = "payment_intent.payment_failed";
  static final String REFUNDED = "charge.refunded";
  private static final String ACTOR = "gateway:stripe";
  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_]{1,255}");

  private final PaymentStore store;
  private final Refunds refunds;
  private final Clock clock;

  public StripeEvents(PaymentStore store, Refunds refunds, Clock clock) {
    this.store = store;
    this.refunds = refunds;
    this.clock = clock;
  }

  /** What a webhook did to our payments. */
  public enum Result {
    /** The payment was pending and is now settled. */
    APPLIED,
    /** Nothing to do: an event type we do not use, or the payment was already settled. */
    IGNORED,
    /** The event names no payment of ours. */
    UNKNOWN
  }

  /**
   * Applies one event, the parsed body of a request whose signature was verified.
   *
   * @throws IllegalArgumentException if the event is not shaped like a Stripe event
   */
  public Future<Result> apply(JsonObject event) {
    if (!(event.getValue("type") instanceof String type)) {
      throw new IllegalArgumentException("The event has no type.");
    }
    if (type.equals(REFUNDED)) {
      return refunded(chargeObject(event));
    }
    if (!type.equals(SUCCEEDED) && !type.equals(FAILED)) {
      return Future.succeededFuture(Result.IGNORED);
    }
    JsonObject intent = paymentIntent(event);
    String reference = intent.getString("id");
    Object paymentId = metadata(intent).getValue("paymentId");
    Future<JsonObject> payment =
        paymentId instanceof String id && Ids.valid(id)
            ? store.byId(id)
            : store.byGatewayRef(reference);
    return payment.compose(
        stored -> {
          if (stored == null
              || !PaymentSettings.STRIPE.equals(stored.getString("gateway"))
              || !reference.equals(stored.getString("gatewayRef", reference))) {
            return Future.succeededFuture(Result.UNKNOWN);
          }
          boolean succeeded = type.equals(SUCCEEDED);
          return store
              .settle(
                  stored.getString("_id"),
                  succeeded ? Payments.SUCCEEDED : Payments.FAILED,
                  reference,
                  succeeded ? null : failureReason(intent),
                  succeeded ? EventTypes.PAYMENT_SUCCEEDED : EventTypes.PAYMENT_FAILED,
                  ACTOR,
                  clock.instant())
              .map(settled -> settled ? Result.APPLIED : Result.IGNORED);
        });
  }

  private Future<Result> refunded(JsonObject charge) {
    if (!(charge.getValue("payment_intent") instanceof String reference)
        || !REFERENCE.matcher(reference).matches()) {
      return Future.succeededFuture(Result.UNKNOWN);
    }
    return store
        .byGatewayRef(reference)
        .compose(
            payment -> {
              if (payment == null || !PaymentSettings.STRIPE.equals(payment.getString("gateway"))) {
                return Future.succeededFuture(Result.UNKNOWN);
              }
              Instant now = clock.instant();
              JsonArray recorded = payment.getJsonArray("refunds", new JsonArray());
              for (Object stored : recorded) {
                if (stored instanceof JsonObject refund
                    && Refunds.PENDING.equals(refund.getString("status"))) {
                  return refunds
                      .settle(payment, refund, refund.getString("gatewayRef"), now)
                      .map(Result.APPLIED);
                }
              }
              if (!recorded.isEmpty()
                  || !(charge.getValue("amount_refunded") instanceof Number minor)) {
                return Future.succeededFuture(Result.IGNORED);
              }
              String currency = payment.getJsonObject("amount").getString("currency");
              BigDecimal amount =
                  BigDecimal.valueOf(minor.longValue())
                      .movePointLeft(Currencies.decimals(currency));
              JsonObject refund =
                  new JsonObject()
                      .put("refundId", "stripe-" + charge.getString("id"))
                      .put(
                          "amount",
                          new JsonObject()
                              .put("amount", amount.doubleValue())
                              .put("currency", currency))
                      .put("cancelReason", "gateway")
                      .put("status", Refunds.SUCCEEDED)
                      .put("requestedAt", Times.format(now))
                      .put("refundedAt", Times.format(now));
              return store
                  .recordGatewayRefund(
                      payment.getString("_id"), refund, Refunds.status(payment, refund), ACTOR, now)
                  .map(applied -> applied ? Result.APPLIED : Result.IGNORED);
            });
  }

  private static JsonObject chargeObject(JsonObject event) {
    if (event.getValue("data") instanceof JsonObject data
        && data.getValue("object") instanceof JsonObject charge
        && charge.getValue("id") instanceof String id
        && REFERENCE.matcher(id).matches()) {
      return charge;
    }
    throw new IllegalArgumentException("The event holds no Charge.");
  }

  private static JsonObject paymentIntent(JsonObject event) {
    if (event.getValue("data") instanceof JsonObject data
        && data.getValue("object") instanceof JsonObject intent
        && intent.getValue("id") instanceof String id
        && REFERENCE.matcher(id).matches()) {
      return intent;
    }
    throw new IllegalArgumentException("The event holds no PaymentIntent.");
  }

  private static JsonObject metadata(JsonObject intent) {
    return intent.getValue("metadata") instanceof JsonObject metadata ? metadata : new JsonObject();
  }

  private static String failureReason(JsonObject intent) {
    if (intent.getValue("last_payment_error") instanceof JsonObject error
        && error.getValue("code") instanceof String code
        && REFERENCE.matcher(code).matches()) {
      return code;
    }
    return "payment_failed";
  }
}
