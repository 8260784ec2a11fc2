package io.tourbook.cart.store;

import io.tourbook.contracts.Times;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoClientUpdateResult;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Instant;
import java.util.List;

/**
 * All MongoDB access of the cart service (database {@code cart}): {@code carts}, one document per
 * customer whose id is the customer's, and {@code checkouts}, one per (customer, Idempotency-Key),
 * unique, which is what lets only one request run a checkout of a key. Every change of a cart's
 * items increments its {@code version}, and a checkout claims the cart ({@code claim: {checkoutId,
 * version}}) only at the version it read, and only while no other checkout holds it: whatever the
 * keys, one checkout of the same contents charges. Carts are not a stream: their writes carry no
 * {@code lastChange}.
 */
public final class CartStore {

  static final String CARTS = "carts";
  static final String CHECKOUTS = "checkouts";
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String VERSION = "version";
  public static final String CLAIM = "claim";

  private final MongoClient mongo;

  public CartStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
            mongo,
            CHECKOUTS,
            List.of(
                Index.unique("customer_key", new JsonObject().put("customerId", 1).put("key", 1)),
                Index.named(
                    "status_lease", new JsonObject().put("status", 1).put("lease.until", 1))))
        .compose(
            v ->
                PortableWrites.createIndexes(
                    mongo,
                    CARTS,
                    List.of(Index.named("updated", new JsonObject().put("updatedAt", -1)))));
  }

  /** The customer's cart, or null when they never had one. */
  public Future<JsonObject> cart(String customerId) {
    return mongo.findOne(CARTS, new JsonObject().put("_id", customerId), null);
  }

  /**
   * Adds {@code item} unless the cart already holds its listing or is full: one conditional update,
   * so two concurrent adds can neither duplicate an item nor overfill the cart.
   *
   * @return whether the item was added
   */
  public Future<Boolean> addItem(String customerId, JsonObject item, int maxItems, Instant now) {
    JsonObject id = new JsonObject().put("_id", customerId);
    return mongo
        .updateCollectionWithOptions(
            CARTS,
            id,
            new JsonObject()
                .put(
                    "$setOnInsert",
                    new JsonObject()
                        .put("customerId", customerId)
                        .put("items", new JsonArray())
                        .put("createdAt", Times.format(now))
                        .put("updatedAt", Times.format(now))),
            new UpdateOptions().setUpsert(true))
        .compose(
            created ->
                mongo.updateCollection(
                    CARTS,
                    id.copy()
                        .put(
                            "items.listingId",
                            new JsonObject().put("$ne", item.getString("listingId")))
                        .put("items." + (maxItems - 1), new JsonObject().put("$exists", false)),
                    new JsonObject()
                        .put("$push", new JsonObject().put("items", item))
                        .put("$set", new JsonObject().put("updatedAt", Times.format(now)))
                        .put("$inc", new JsonObject().put(VERSION, 1))))
        .map(CartStore::matched);
  }

  /** Removes the listing's item; false when the cart does not hold it. */
  public Future<Boolean> removeItem(String customerId, String listingId, Instant now) {
    return mongo
        .updateCollection(
            CARTS,
            new JsonObject().put("_id", customerId).put("items.listingId", listingId),
            new JsonObject()
                .put(
                    "$pull",
                    new JsonObject().put("items", new JsonObject().put("listingId", listingId)))
                .put("$set", new JsonObject().put("updatedAt", Times.format(now)))
                .put("$inc", new JsonObject().put(VERSION, 1)))
        .map(CartStore::matched);
  }

  /**
   * Removes exactly the paid listings and ends the paying checkout's claim: an item the customer
   * added while the checkout ran stays in the cart.
   */
  public Future<Void> removePaidItems(
      String customerId, String checkoutId, List<String> listingIds, Instant now) {
    return mongo
        .updateCollection(
            CARTS,
            new JsonObject().put("_id", customerId),
            new JsonObject()
                .put(
                    "$pull",
                    new JsonObject()
                        .put(
                            "items",
                            new JsonObject()
                                .put(
                                    "listingId",
                                    new JsonObject().put("$in", new JsonArray(listingIds)))))
                .put("$set", new JsonObject().put("updatedAt", Times.format(now)))
                .put("$inc", new JsonObject().put(VERSION, 1)))
        .compose(removed -> releaseClaim(customerId, checkoutId));
  }

  /** The version of a cart document: how many times its items changed (0 for none). */
  public static long version(JsonObject cart) {
    return cart == null ? 0L : cart.getLong(VERSION, 0L);
  }

  /**
   * Claims the cart for checkout {@code checkoutId}, if it is still at {@code version} and no other
   * checkout holds it: one conditional update, so of concurrent checkouts on any nodes one wins.
   *
   * @return whether {@code checkoutId} now holds the claim
   */
  public Future<Boolean> claimCart(String customerId, long version, String checkoutId) {
    JsonObject filter =
        new JsonObject()
            .put("_id", customerId)
            .put(
                "$or",
                new JsonArray()
                    .add(new JsonObject().put(CLAIM, new JsonObject().put("$exists", false)))
                    .add(new JsonObject().put(CLAIM + ".checkoutId", checkoutId)));
    filter.put(
        "$and",
        new JsonArray()
            .add(
                version == 0
                    ? new JsonObject().put(VERSION, new JsonObject().put("$exists", false))
                    : new JsonObject().put(VERSION, version)));
    return mongo
        .updateCollection(
            CARTS,
            filter,
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put(
                            CLAIM,
                            new JsonObject().put("checkoutId", checkoutId).put(VERSION, version))))
        .map(CartStore::matched);
  }

  /** Ends the claim of {@code checkoutId} on the cart, if it holds one. */
  public Future<Void> releaseClaim(String customerId, String checkoutId) {
    return mongo
        .updateCollection(
            CARTS,
            new JsonObject().put("_id", customerId).put(CLAIM + ".checkoutId", checkoutId),
            new JsonObject().put("$unset", new JsonObject().put(CLAIM, "")))
        .mapEmpty();
  }

  /** One page of all carts, most recently changed first. */
  public Future<List<JsonObject>> carts(Pages.Page page) {
    return mongo.findWithOptions(
        CARTS,
        new JsonObject(),
        new FindOptions()
            .setSort(new JsonObject().put("updatedAt", -1).put("_id", 1))
            .setSkip(page.skip())
            .setLimit(page.size()));
  }

  public Future<Long> countCarts() {
    return mongo.count(CARTS, new JsonObject());
  }

  /** Claims a checkout's key; false when the customer already used it. */
  public Future<Boolean> insertCheckout(JsonObject checkout) {
    return PortableWrites.insertUnlessDuplicate(mongo, CHECKOUTS, checkout);
  }

  public Future<JsonObject> checkoutById(String id) {
    return mongo.findOne(CHECKOUTS, new JsonObject().put("_id", id), null);
  }

  public Future<JsonObject> checkout(String customerId, String key) {
    return mongo.findOne(
        CHECKOUTS, new JsonObject().put("customerId", customerId).put("key", key), null);
  }

  /** Takes over a running checkout whose lease (held by {@code expectedOwner}) expired. */
  public Future<Boolean> takeCheckout(
      String id, String expectedOwner, String newOwner, Instant until) {
    return mongo
        .updateCollection(
            CHECKOUTS,
            new JsonObject()
                .put("_id", id)
                .put("status", RUNNING)
                .put("lease.owner", expectedOwner),
            new JsonObject().put("$set", new JsonObject().put("lease", lease(newOwner, until))))
        .map(CartStore::matched);
  }

  /**
   * Records, before it is sent, the charge a running checkout makes, so that a run taking over
   * after a crash re-sends exactly that charge. False when {@code owner} no longer holds the lease.
   */
  public Future<Boolean> recordCharge(String id, String owner, JsonObject charge) {
    return mongo
        .updateCollection(
            CHECKOUTS,
            new JsonObject().put("_id", id).put("status", RUNNING).put("lease.owner", owner),
            new JsonObject().put("$set", new JsonObject().put("charge", charge)))
        .map(CartStore::matched);
  }

  /** Records the outcome that every repeat of the key gets from now on. */
  public Future<Boolean> completeCheckout(String id, JsonObject outcome, Instant now) {
    return mongo
        .updateCollection(
            CHECKOUTS,
            new JsonObject().put("_id", id).put("status", RUNNING),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", COMPLETED)
                        .put("outcome", outcome)
                        .put("completedAt", Times.format(now)))
                .put("$unset", new JsonObject().put("lease", "")))
        .map(CartStore::matched);
  }

  /**
   * Gives the key back after a checkout that ended without a payment outcome (empty cart, a listing
   * gone, the payment service unreachable), so the same key may be used again.
   */
  public Future<Boolean> releaseCheckout(String id, String owner) {
    return mongo
        .removeDocument(
            CHECKOUTS,
            new JsonObject().put("_id", id).put("status", RUNNING).put("lease.owner", owner))
        .map(removed -> removed != null && removed.getRemovedCount() > 0);
  }

  /**
   * Ends the lease of a running checkout whose charge may have been taken (payment.service did not
   * answer), so that the next request, under its key or another, takes it over at once and re-sends
   * the same charge.
   */
  public Future<Void> expireLease(String id, String owner, Instant now) {
    return mongo
        .updateCollection(
            CHECKOUTS,
            new JsonObject().put("_id", id).put("status", RUNNING).put("lease.owner", owner),
            new JsonObject().put("$set", new JsonObject().put("lease.until", now.toEpochMilli())))
        .mapEmpty();
  }

  /**
   * Running checkouts that recorded their charge and whose lease expired by {@code now}: their run
   * stopped between charging and recording the outcome.
   */
  public Future<List<JsonObject>> stalledCheckouts(Instant now, int limit) {
    return mongo.findWithOptions(
        CHECKOUTS,
        new JsonObject()
            .put("status", RUNNING)
            .put("charge", new JsonObject().put("$exists", true))
            .put("lease.until", new JsonObject().put("$lte", now.toEpochMilli())),
        new FindOptions().setLimit(limit));
  }

  /** The lease of a running checkout: who runs it and until when (epoch millis). */
  public static JsonObject lease(String owner, Instant until) {
    return new JsonObject().put("owner", owner).put("until", until.toEpochMilli());
  }

  private static boolean matched(MongoClientUpdateResult result) {
    return result.getDocMatched() > 0;
  }
}
