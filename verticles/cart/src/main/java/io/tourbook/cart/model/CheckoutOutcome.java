package io.tourbook.cart.model;

import io.vertx.core.json.JsonObject;

/**
 * What a checkout ended with, stored with its Idempotency-Key so every repeat gets the same answer:
 * 201 (paid) or 202 (the gateway settles later) with {@code {paymentId, status}}, or 402 (declined)
 * with {@code {paymentId, reason}}.
 *
 * @param replayed whether this is the stored outcome of an earlier request
 */
public record CheckoutOutcome(int status, JsonObject body, boolean replayed) {

  public static final int PAID = 201;
  public static final int ACCEPTED = 202;
  public static final int DECLINED = 402;

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("body", body);
  }

  public static CheckoutOutcome replay(JsonObject stored) {
    return new CheckoutOutcome(stored.getInteger("status"), stored.getJsonObject("body"), true);
  }
}
