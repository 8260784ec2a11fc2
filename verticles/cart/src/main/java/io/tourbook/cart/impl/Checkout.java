package io.tourbook.cart.impl;

import io.tourbook.cart.CartSettings;
import io.tourbook.cart.model.CartItems;
import io.tourbook.cart.model.CheckoutOutcome;
import io.tourbook.cart.model.CheckoutRequest;
import io.tourbook.cart.model.Money;
import io.tourbook.cart.store.CartStore;
import io.tourbook.contracts.Times;
import io.tourbook.contracts.listing.ListingService;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.time.Clock;
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
 * twice because {@code payment.service} is itself idempotent on the same key. A checkout refused
 * before anything could be charged (empty cart, a listing gone, an invalid request) gives the key
 * back; one whose payment.service did not answer keeps its recorded charge, which the next request
 * re-sends.
 *
 * <p>Keys are the client's, so two checkouts of the same cart under different keys (on any nodes)
 * would both charge; so before charging, a checkout also claims the cart itself at the version it
 * read ({@link CartStore#claimCart}). Of concurrent checkouts one holds the claim and charges; the
 * others get 409, or the holder's outcome when they find it crashed and finish it themselves. The
 * claim ends with the paid items leaving the cart, a decline, or any end without a charge.
 */
public final class Checkout {

  private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

  /** How often one checkout reads the cart again after finding it changed or a claim stale. */
  private static final int MAX_CLAIM_ATTEMPTS = 3;

  private final Vertx vertx;
  private final CartStore store;
  private final ListingService listings;
  private final PaymentService payments;
  private final CartSettings settings;
  private final Clock clock;

  public Checkout(
      Vertx vertx,
      CartStore store,
      ListingService listings,
      PaymentService payments,
      CartSettings settings,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.listings = listings;
    this.payments = payments;
    this.settings = settings;
    this.clock = clock;
  }

  public Future<CheckoutOutcome> checkout(String customerId, String key, CheckoutRequest request) {
    long deadline = System.currentTimeMillis() + settings.checkoutWait().toMillis();
    return claim(customerId, key, request, deadline);
  }

  private Future<CheckoutOutcome> claim(
      String customerId, String key, CheckoutRequest request, long deadline) {
    Instant now = clock.instant();
    String owner = UUID.randomUUID().toString();
    JsonObject record =
        new JsonObject()
            .put("_id", UUID.randomUUID().toString())
            .put("customerId", customerId)
            .put("key", key)
            .put("fingerprint", request.fingerprint())
            .put("status", CartStore.RUNNING)
            .put("lease", CartStore.lease(owner, now.plus(settings.checkoutLease())))
            .put("createdAt", Times.format(now));
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
              Instant now = clock.instant();
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
    return store
        .takeCheckout(
            stalled.getString("_id"),
            stalled.getJsonObject("lease", new JsonObject()).getString("owner"),
            owner,
            clock.instant().plus(settings.checkoutLease()))
        .compose(won -> won ? run(stalled, owner, null).map(true) : Future.succeededFuture(false));
  }

  /** Runs the checkout whose record {@code owner} holds, and records or gives back the key. */
  private Future<CheckoutOutcome> run(JsonObject record, String owner, CheckoutRequest request) {
    String customerId = record.getString("customerId");
    String recordId = record.getString("_id");
    // A run that takes over a crashed one re-sends the charge that run recorded: the cart may
    // already be emptied of what it paid, and payment.service answers the same charge with the
    // same payment.
    JsonObject recordedCharge = record.getJsonObject("charge");
    Future<CheckoutOutcome> paying =
        recordedCharge != null
            ? charge(customerId, recordId, recordedCharge)
            : pay(record, owner, request, 0);
    return paying.transform(
        paid -> {
          if (paid.failed()) {
            return endWithoutOutcome(customerId, recordId, owner, paid.cause())
                .transform(ended -> Future.<CheckoutOutcome>failedFuture(paid.cause()));
          }
          CheckoutOutcome outcome = paid.result();
          return store
              .completeCheckout(recordId, outcome.toJson(), clock.instant())
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

  /**
   * After a checkout ended without a payment outcome: when nothing can have been charged (refused
   * before the charge, or payment.service refused the request as invalid), gives the key and the
   * cart's claim back; when payment.service did not answer, the charge may stand, so the record
   * keeps its charge and the cart stays claimed, with the lease ended: the next request, under any
   * key, re-sends that same charge instead of making another.
   */
  private Future<Void> endWithoutOutcome(
      String customerId, String recordId, String owner, Throwable failure) {
    boolean nothingCharged =
        failure instanceof ApiException
            || (failure instanceof ServiceException refused
                && refused.failureCode() == PaymentService.INVALID);
    if (!nothingCharged) {
      return store.expireLease(recordId, owner, clock.instant());
    }
    return store
        .releaseCheckout(recordId, owner)
        .compose(
            released ->
                released ? store.releaseClaim(customerId, recordId) : Future.succeededFuture());
  }

  /**
   * Reads the cart and its listings as they are now, claims the cart at the version it read, and
   * charges its total, recording the charge first. {@code attempt} counts the reads that found the
   * cart changed or a stale claim meanwhile.
   */
  private Future<CheckoutOutcome> pay(
      JsonObject record, String owner, CheckoutRequest request, int attempt) {
    String customerId = record.getString("customerId");
    String recordId = record.getString("_id");
    return store
        .cart(customerId)
        .compose(
            cart -> {
              List<String> ids = CartItems.of(cart).stream().map(CartItems::listingId).toList();
              if (ids.isEmpty()) {
                throw ApiException.conflict("Your cart is empty.");
              }
              long version = CartStore.version(cart);
              return listings
                  .getListings(ids)
                  .map(found -> freshItems(ids, found))
                  .compose(
                      items -> {
                        JsonObject charge =
                            chargeRequest(customerId, record.getString("key"), request, items);
                        return store
                            .claimCart(customerId, version, recordId)
                            .compose(
                                claimed ->
                                    claimed
                                        ? recordAndCharge(record, owner, charge)
                                        : contested(record, owner, request, attempt));
                      });
            });
  }

  private Future<CheckoutOutcome> recordAndCharge(
      JsonObject record, String owner, JsonObject charge) {
    String recordId = record.getString("_id");
    return store
        .recordCharge(recordId, owner, charge)
        .compose(
            held ->
                held
                    ? charge(record.getString("customerId"), recordId, charge)
                    : Future.failedFuture(
                        ApiException.conflict(
                            "A checkout with this Idempotency-Key is still in progress;"
                                + " retry later.")));
  }

  /**
   * The cart could not be claimed: it changed since it was read (read it again), or another
   * checkout holds it. That one's outcome is this one's once it finished; while it runs this one is
   * a 409; if it crashed, this one finishes it (re-sending the charge it recorded) or, when it had
   * not charged yet, gives its claim back and checks out itself.
   */
  private Future<CheckoutOutcome> contested(
      JsonObject record, String owner, CheckoutRequest request, int attempt) {
    String customerId = record.getString("customerId");
    String recordId = record.getString("_id");
    if (attempt >= MAX_CLAIM_ATTEMPTS) {
      return Future.failedFuture(
          ApiException.conflict("Your cart changed during checkout; review it and retry."));
    }
    return store
        .cart(customerId)
        .compose(
            cart -> {
              JsonObject claim = cart == null ? null : cart.getJsonObject(CartStore.CLAIM);
              String holderId = claim == null ? null : claim.getString("checkoutId");
              if (holderId == null || holderId.equals(recordId)) {
                return pay(record, owner, request, attempt + 1);
              }
              return store
                  .checkoutById(holderId)
                  .compose(holder -> fromHolder(record, owner, request, attempt, holder, holderId));
            });
  }

  private Future<CheckoutOutcome> fromHolder(
      JsonObject record,
      String owner,
      CheckoutRequest request,
      int attempt,
      JsonObject holder,
      String holderId) {
    String customerId = record.getString("customerId");
    if (holder == null || CartStore.COMPLETED.equals(holder.getString("status"))) {
      // The holder ended without giving its claim back (a crash between the two writes).
      return store
          .releaseClaim(customerId, holderId)
          .compose(v -> pay(record, owner, request, attempt + 1));
    }
    JsonObject lease = holder.getJsonObject("lease", new JsonObject());
    Instant now = clock.instant();
    if (lease.getLong("until", 0L) > now.toEpochMilli()) {
      return Future.failedFuture(
          ApiException.conflict(
              "Another checkout of this cart is in progress; see its outcome in your payments."));
    }
    String takeover = UUID.randomUUID().toString();
    return store
        .takeCheckout(
            holderId, lease.getString("owner"), takeover, now.plus(settings.checkoutLease()))
        .compose(
            won -> {
              if (!won) {
                return contested(record, owner, request, attempt + 1);
              }
              if (holder.getJsonObject("charge") != null) {
                return run(holder, takeover, request);
              }
              return store
                  .releaseCheckout(holderId, takeover)
                  .compose(v -> store.releaseClaim(customerId, holderId))
                  .compose(v -> pay(record, owner, request, attempt + 1));
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
    Instant now = clock.instant();
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

  /**
   * What payment.service is asked to charge: the current total of the cart's listings, which must
   * be the total the customer expected if they said; no payment token when it is 0 (a free tour).
   */
  private JsonObject chargeRequest(
      String customerId, String key, CheckoutRequest request, List<JsonObject> items) {
    Money total = CartItems.total(items, settings.defaultTourFee().currency());
    if (request.expectedTotal() != null && !request.expectedTotal().sameAs(total)) {
      throw new ApiException(
          409,
          "Your cart's total is now "
              + total.amount().toPlainString()
              + " "
              + total.currency()
              + "; review your cart and check out again.",
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("pointer", "/expectedTotal")
                      .put("detail", "The current total differs.")
                      .put("total", total.toJson())));
    }
    JsonObject charge =
        new JsonObject()
            .put("idempotencyKey", key)
            .put("customerId", customerId)
            .put("items", new JsonArray(List.copyOf(items)))
            .put("amount", total.toJson())
            .put("preferredTimes", request.preferredTimes().copy());
    if (!total.isZero()) {
      if (request.paymentToken() == null) {
        throw ApiException.badRequest(
            "Your cart's total is "
                + total.amount().toPlainString()
                + " "
                + total.currency()
                + ": a checkout needs a paymentToken.");
      }
      charge.put("paymentToken", request.paymentToken());
    }
    return charge;
  }

  /** Sends the charge; a paid one leaves the cart, a declined one gives the cart's claim back. */
  private Future<CheckoutOutcome> charge(String customerId, String recordId, JsonObject charge) {
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
                    .removePaidItems(customerId, recordId, paid, clock.instant())
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
                return store
                    .releaseClaim(customerId, recordId)
                    .map(
                        v ->
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
