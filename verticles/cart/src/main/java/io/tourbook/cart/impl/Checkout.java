package io.tourbook.cart.impl;

import io.tourbook.cart.CartSettings;
import io.tourbook.cart.model.CartItems;
import io.tourbook.cart.model.CheckoutOutcome;
import io.tourbook.cart.model.CheckoutRequest;
import io.tourbook.cart.model.Money;
import io.tourbook.cart.store.CartStore;
import io.tourbook.contracts.listing.ListingService;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkout: pays the cart's listings through {@code payment.service}, once per Idempotency-Key.
 *
 * <p>The request first claims its key by inserting a {@code checkouts} record under a unique
 * (customerId, key) index, with a lease, before anything is charged. Only the claiming request runs
 * the checkout: it re-reads the listings (all must still be visible), charges, empties the paid
 * items on success (a decline keeps the cart), and stores the outcome on the record. A request
 * repeating the key gets that stored outcome; while the first is still running it waits for it, and
 * if the first one's lease expired (it crashed) it runs the checkout again, which cannot charge
 * twice because {@code payment.service} is itself idempotent on the same key. A checkout that ends
 * without a payment outcome (empty cart, a listing gone, payment unreachable) gives the key back.
 */
public final class Checkout {

  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  private final Vertx vertx;
  private final CartStore store;
  private final ListingService listings;
  private final PaymentService payments;
  private final CartSettings settings;

  public Checkout(
      Vertx vertx,
      CartStore store,
      ListingService listings,
      PaymentService payments,
      CartSettings settings) {
    this.vertx = vertx;
    this.store = store;
    this.listings = listings;
    this.payments = payments;
    this.settings = settings;
  }

  public Future<CheckoutOutcome> checkout(String customerId, String key, CheckoutRequest request) {
    long deadline = System.currentTimeMillis() + settings.checkoutWait().toMillis();
    return claim(customerId, key, request, deadline);
  }

  private Future<CheckoutOutcome> claim(
      String customerId, String key, CheckoutRequest request, long deadline) {
    Instant now = Instant.now();
    String owner = UUID.randomUUID().toString();
    JsonObject record =
        new JsonObject()
            .put("_id", UUID.randomUUID().toString())
            .put("customerId", customerId)
            .put("key", key)
            .put("fingerprint", request.fingerprint())
            .put("status", CartStore.RUNNING)
            .put("lease", CartStore.lease(owner, now.plus(settings.checkoutLease())))
            .put("createdAt", now.toString());
    return store
        .insertCheckout(record)
        .compose(
            claimed ->
                claimed
                    ? run(record, owner, request)
                    : repeated(customerId, key, request, deadline));
  }

  private Future<CheckoutOutcome> repeated(
      String customerId, String key, CheckoutRequest request, long deadline) {
    return store
        .checkout(customerId, key)
        .compose(
            stored -> {
              if (stored == null) {
                if (System.currentTimeMillis() >= deadline) {
                  throw ApiException.conflict(
                      "A checkout with this Idempotency-Key is still in progress; retry later.");
                }
                // The first request gave the key back: this one may use it.
                return claim(customerId, key, request, deadline);
              }
              if (!request.fingerprint().equals(stored.getString("fingerprint"))) {
                throw ApiException.unprocessable(
                    "This Idempotency-Key was already used for a different checkout.");
              }
              if (CartStore.COMPLETED.equals(stored.getString("status"))) {
                return Future.succeededFuture(
                    CheckoutOutcome.replay(stored.getJsonObject("outcome")));
              }
              JsonObject lease = stored.getJsonObject("lease", new JsonObject());
              Instant now = Instant.now();
              if (lease.getLong("until", 0L) <= now.toEpochMilli()) {
                String owner = UUID.randomUUID().toString();
                return store
                    .takeCheckout(
                        stored.getString("_id"),
                        lease.getString("owner"),
                        owner,
                        now.plus(settings.checkoutLease()))
                    .compose(
                        won ->
                            won
                                ? run(stored, owner, request)
                                : repeated(customerId, key, request, deadline));
              }
              if (System.currentTimeMillis() >= deadline) {
                throw ApiException.conflict(
                    "A checkout with this Idempotency-Key is still in progress; retry later.");
              }
              return vertx
                  .timer(settings.checkoutPoll().toMillis())
                  .compose(tick -> repeated(customerId, key, request, deadline));
            });
  }

  /**
   * Finishes a checkout whose run stopped (its node was killed) after it recorded its charge, as a
   * repeat of its key would: takes over the expired lease, re-sends the recorded charge (which
   * payment.service answers with the same payment, charging at most once) and records the outcome.
   * A failure keeps the record and its charge for the next attempt.
   *
   * @param stalled a running checkout record with a recorded charge and an expired lease
   * @return whether this call finished it; false when another run holds it now
   */
  public Future<Boolean> resume(JsonObject stalled) {
    String owner = UUID.randomUUID().toString();
    String recordId = stalled.getString("_id");
    String customerId = stalled.getString("customerId");
    return store
        .takeCheckout(
            recordId,
            stalled.getJsonObject("lease", new JsonObject()).getString("owner"),
            owner,
            Instant.now().plus(settings.checkoutLease()))
        .compose(
            won ->
                won
                    ? charge(customerId, stalled.getJsonObject("charge"))
                        .compose(
                            outcome ->
                                store.completeCheckout(recordId, outcome.toJson(), Instant.now()))
                    : Future.succeededFuture(false));
  }

  /** Runs the checkout whose record {@code owner} holds, and records or gives back the key. */
  private Future<CheckoutOutcome> run(JsonObject record, String owner, CheckoutRequest request) {
    String customerId = record.getString("customerId");
    String key = record.getString("key");
    String recordId = record.getString("_id");
    // A run that takes over a crashed one re-sends the charge that run recorded: the cart may
    // already be emptied of what it paid, and payment.service answers the same charge with the
    // same payment.
    JsonObject recordedCharge = record.getJsonObject("charge");
    Future<CheckoutOutcome> paying =
        recordedCharge != null
            ? charge(customerId, recordedCharge)
            : pay(recordId, owner, customerId, key, request);
    return paying.transform(
        paid -> {
          if (paid.failed()) {
            return store
                .releaseCheckout(recordId, owner)
                .transform(released -> Future.<CheckoutOutcome>failedFuture(paid.cause()));
          }
          CheckoutOutcome outcome = paid.result();
          return store
              .completeCheckout(recordId, outcome.toJson(), Instant.now())
              .transform(
                  recorded -> {
                    if (recorded.failed()) {
                      // The payment stands; a retry with the key finds it at payment.service.
                      LOG.warn(
                          "Checkout {} of customer {} was not recorded: {}",
                          recordId,
                          customerId,
                          recorded.cause().getMessage());
                    }
                    return Future.succeededFuture(outcome);
                  });
        });
  }

  private Future<CheckoutOutcome> pay(
      String recordId, String owner, String customerId, String key, CheckoutRequest request) {
    return store
        .cart(customerId)
        .compose(
            cart -> {
              List<String> ids = CartItems.of(cart).stream().map(CartItems::listingId).toList();
              if (ids.isEmpty()) {
                throw ApiException.conflict("Your cart is empty.");
              }
              return listings.getListings(ids).map(found -> freshItems(ids, found));
            })
        .compose(
            items -> {
              JsonObject charge = chargeRequest(customerId, key, request, items);
              return store
                  .recordCharge(recordId, owner, charge)
                  .compose(
                      held ->
                          held
                              ? charge(customerId, charge)
                              : Future.failedFuture(
                                  ApiException.conflict(
                                      "A checkout with this Idempotency-Key is still in progress;"
                                          + " retry later.")));
            });
  }

  /** The cart's listings as they are now; 409 naming those that can no longer be toured. */
  private List<JsonObject> freshItems(List<String> ids, JsonObject found) {
    Map<String, JsonObject> visible = Listings.visible(found);
    List<String> gone = ids.stream().filter(id -> !visible.containsKey(id)).toList();
    if (!gone.isEmpty()) {
      throw ApiException.conflict(
          "These listings can no longer be toured; remove them from your cart: "
              + String.join(", ", gone)
              + ".");
    }
    Instant now = Instant.now();
    List<JsonObject> items = new ArrayList<>();
    for (String id : ids) {
      JsonObject item =
          CartItems.snapshot(visible.get(id), settings.defaultTourFee(), now)
              .orElseThrow(
                  () ->
                      ApiException.conflict(
                          "Listing "
                              + id
                              + " has no location any more; remove it from your cart."));
      item.remove("addedAt");
      items.add(item);
    }
    String currency = CartItems.fee(items.get(0)).currency();
    if (items.stream().anyMatch(item -> !CartItems.fee(item).currency().equals(currency))) {
      throw ApiException.conflict(
          "The tour fees of your cart are in different currencies now; check them out"
              + " separately.");
    }
    return items;
  }

  private JsonObject chargeRequest(
      String customerId, String key, CheckoutRequest request, List<JsonObject> items) {
    Money total = CartItems.total(items, settings.defaultTourFee().currency());
    return new JsonObject()
        .put("idempotencyKey", key)
        .put("customerId", customerId)
        .put("paymentToken", request.paymentToken())
        .put("items", new JsonArray(List.copyOf(items)))
        .put("amount", total.toJson())
        .put("preferredTimes", request.preferredTimes().copy());
  }

  private Future<CheckoutOutcome> charge(String customerId, JsonObject charge) {
    List<String> paid =
        charge.getJsonArray("items").stream()
            .map(item -> CartItems.listingId((JsonObject) item))
            .toList();
    return payments
        .charge(charge)
        .transform(
            charged -> {
              if (charged.succeeded()) {
                JsonObject payment = charged.result();
                int status =
                    "succeeded".equals(payment.getString("status"))
                        ? CheckoutOutcome.PAID
                        : CheckoutOutcome.ACCEPTED;
                return store
                    .removePaidItems(customerId, paid, Instant.now())
                    .map(
                        v ->
                            new CheckoutOutcome(
                                status,
                                new JsonObject()
                                    .put("paymentId", payment.getString("paymentId"))
                                    .put("status", payment.getString("status")),
                                false));
              }
              if (charged.cause() instanceof ServiceException declined
                  && declined.failureCode() == PaymentService.DECLINED) {
                JsonObject info =
                    declined.getDebugInfo() == null ? new JsonObject() : declined.getDebugInfo();
                return Future.succeededFuture(
                    new CheckoutOutcome(
                        CheckoutOutcome.DECLINED,
                        new JsonObject()
                            .put("paymentId", info.getString("paymentId"))
                            .put("reason", info.getString("reason", declined.getMessage())),
                        false));
              }
              return Future.failedFuture(charged.cause());
            });
  }
}
