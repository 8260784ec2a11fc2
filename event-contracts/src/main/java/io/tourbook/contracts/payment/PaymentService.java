package io.tourbook.contracts.payment;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** What the payment service offers other services on the event bus (the cart's checkout). */
@ProxyGen
@VertxGen
public interface PaymentService {

  String ADDRESS = "payment.service";

  /** Failure code: the request itself is wrong (shape, amounts, an unusable payment token). */
  int INVALID = 400;

  /**
   * Failure code: the gateway declined the charge. The payment is stored as failed; the message is
   * the reason (e.g. {@code card_declined}) and the debug info holds {@code {paymentId, reason}}.
   */
  int DECLINED = 402;

  /**
   * Failure code: the idempotency key was already used by this customer for a different request, or
   * the first request with it is still being charged.
   */
  int CONFLICT = 409;

  /**
   * Failure code: the gateway could not be reached. The payment stays pending; the same request
   * with the same key resumes it and never charges twice.
   */
  int UNAVAILABLE = 503;

  static PaymentService createProxy(Vertx vertx, long timeoutMs) {
    return new PaymentServiceVertxEBProxy(
        vertx, ADDRESS, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /**
   * Charges a cart: {@code {idempotencyKey, customerId, paymentToken, items: [{listingId,
   * providerId, title, address {street, city, state, country, postcode}, tourFee {amount,
   * currency}, location {lat, lon}}], amount {amount, currency}, preferredTimes: [{start, end?}]}}
   * and completes with {@code {paymentId, status}} where status is {@code succeeded} (or {@code
   * pending} while an asynchronous gateway settles it). The same key and customer give the same
   * payment and never a second charge.
   */
  Future<JsonObject> charge(JsonObject request);
}
