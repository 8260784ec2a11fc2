package io.tourbook.payment.store;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.tourbook.platform.trace.ChangeStamp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoClientUpdateResult;
import java.time.Instant;
import java.util.List;

/**
 * All MongoDB access of the payment service: the {@code payments} collection of database {@code
 * payment}, which is the {@code payment.payments} stream. A payment is inserted pending, without a
 * stamp (no event), and each settling write is a conditional update on {@code status: pending} that
 * stamps {@code lastChange} ({@code payment.succeeded} / {@code payment.failed}). Lease writes are
 * bookkeeping and never touch the stamp.
 */
public final class PaymentStore {

  public static final String COLLECTION = "payments";

  private final MongoClient mongo;

  public PaymentStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** The unique (customerId, idempotencyKey) index is what makes a key charge at most once. */
  public Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
        mongo,
        COLLECTION,
        List.of(
            Index.unique(
                "customer_key", new JsonObject().put("customerId", 1).put("idempotencyKey", 1)),
            Index.named(
                "customer_created", new JsonObject().put("customerId", 1).put("createdAt", -1)),
            Index.named("status_created", new JsonObject().put("status", 1).put("createdAt", -1)),
            Index.named("gateway_ref", new JsonObject().put("gatewayRef", 1))));
  }

  /** Inserts a pending payment; false when the customer already used its idempotency key. */
  public Future<Boolean> insertPending(JsonObject payment) {
    return PortableWrites.insertUnlessDuplicate(mongo, COLLECTION, payment);
  }

  public Future<JsonObject> byId(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  public Future<JsonObject> byKey(String customerId, String idempotencyKey) {
    return mongo.findOne(
        COLLECTION,
        new JsonObject().put("customerId", customerId).put("idempotencyKey", idempotencyKey),
        null);
  }

  public Future<JsonObject> byGatewayRef(String gatewayRef) {
    return mongo.findOne(COLLECTION, new JsonObject().put("gatewayRef", gatewayRef), null);
  }

  /**
   * Takes over the charge of a pending payment whose lease {@code expectedOwner} holds (expired):
   * true for the one caller that wins.
   */
  public Future<Boolean> takeLease(
      String id, String expectedOwner, String newOwner, Instant until) {
    return pendingUpdate(
        new JsonObject().put("_id", id).put("lease.owner", expectedOwner),
        new JsonObject().put("$set", new JsonObject().put("lease", lease(newOwner, until))));
  }

  /**
   * Ends a lease early, after the gateway could not be reached, so that a retry with the same key
   * resumes the charge at once.
   */
  public Future<Boolean> releaseLease(String id, String owner, Instant now) {
    return pendingUpdate(
        new JsonObject().put("_id", id).put("lease.owner", owner),
        new JsonObject().put("$set", new JsonObject().put("lease.until", now.toEpochMilli())));
  }

  /**
   * Records that the gateway accepted the charge but has not settled it (a webhook will): the
   * payment stays pending, without a lease.
   */
  public Future<Boolean> awaitGateway(String id, String gatewayRef, Instant now) {
    return pendingUpdate(
        new JsonObject().put("_id", id),
        new JsonObject()
            .put(
                "$set",
                new JsonObject().put("gatewayRef", gatewayRef).put("updatedAt", Times.format(now)))
            .put("$unset", new JsonObject().put("lease", "")));
  }

  /**
   * Settles a pending payment as succeeded or failed, stamping the change: true if this write
   * settled it, false if it was no longer pending.
   *
   * @param gatewayRef the gateway's reference, or null to keep the stored one
   * @param reason why it failed, or null
   * @param eventType {@code payment.succeeded} or {@code payment.failed}
   * @param actor who settled it: the customer or the gateway ({@code stripe})
   */
  public Future<Boolean> settle(
      String id,
      String status,
      String gatewayRef,
      String reason,
      String eventType,
      String actor,
      Instant now) {
    JsonObject set =
        new JsonObject()
            .put("status", status)
            .put("updatedAt", Times.format(now))
            .put("lastChange", ChangeStamp.of(eventType, Times.format(now), actor));
    if (gatewayRef != null) {
      set.put("gatewayRef", gatewayRef);
    }
    if (reason != null) {
      set.put("reason", reason);
    }
    return pendingUpdate(
            new JsonObject().put("_id", id),
            new JsonObject().put("$set", set).put("$unset", new JsonObject().put("lease", "")))
        .onSuccess(
            settled -> {
              if (settled) {
                Metrics.counter(
                        "tourbook.payments",
                        "Payments settled, by outcome (succeeded or failed)",
                        "outcome",
                        status)
                    .increment();
              }
            });
  }

  /**
   * Records, before the gateway is asked, the refund of a succeeded payment: {@code refunds:
   * [refund]} with status pending. Bookkeeping (no stamp, no event). False when the payment is not
   * succeeded or already holds a refund.
   */
  public Future<Boolean> recordRefund(String paymentId, JsonObject refund) {
    return mongo
        .updateCollection(
            COLLECTION,
            new JsonObject()
                .put("_id", paymentId)
                .put("status", "succeeded")
                .put("refunds", new JsonObject().put("$exists", false)),
            new JsonObject()
                .put("$set", new JsonObject().put("refunds", new JsonArray().add(refund))))
        .map(MongoClientUpdateResult::getDocMatched)
        .map(matched -> matched > 0);
  }

  /**
   * Bookkeeping on a pending refund (no stamp, no event): the gateway's reference of a refund it
   * has not settled yet (a webhook will), or a refund of 0 settled without a gateway.
   */
  public Future<Void> updatePendingRefund(
      String paymentId, JsonArray refunds, String refundId, Instant now) {
    return mongo
        .updateCollection(
            COLLECTION,
            pendingRefund(paymentId, refundId),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject().put("refunds", refunds).put("updatedAt", Times.format(now))))
        .mapEmpty();
  }

  /**
   * Settles the pending refund {@code refundId}: the payment takes {@code status} ({@code refunded}
   * or {@code partially_refunded}) and {@code refunds} (with that refund succeeded), stamped {@code
   * payment.refunded}. False when that refund was no longer pending: a repeated settle changes
   * nothing.
   */
  public Future<Boolean> settleRefund(
      String paymentId,
      String refundId,
      JsonArray refunds,
      String status,
      String actor,
      Instant now) {
    return markRefunded(pendingRefund(paymentId, refundId), refunds, status, actor, now);
  }

  /**
   * Records a refund made at the gateway without us (Stripe's dashboard), as succeeded and stamped:
   * false when the payment already holds a refund.
   */
  public Future<Boolean> recordGatewayRefund(
      String paymentId, JsonObject refund, String status, String actor, Instant now) {
    return markRefunded(
        new JsonObject()
            .put("_id", paymentId)
            .put("status", "succeeded")
            .put("refunds", new JsonObject().put("$exists", false)),
        new JsonArray().add(refund),
        status,
        actor,
        now);
  }

  /**
   * Sets the refunds and status of the payment {@code filter} matches, stamped payment.refunded.
   */
  private Future<Boolean> markRefunded(
      JsonObject filter, JsonArray refunds, String status, String actor, Instant now) {
    return mongo
        .updateCollection(
            COLLECTION,
            filter,
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("refunds", refunds)
                        .put("status", status)
                        .put("updatedAt", Times.format(now))
                        .put(
                            "lastChange",
                            ChangeStamp.of(EventTypes.PAYMENT_REFUNDED, Times.format(now), actor))))
        .map(MongoClientUpdateResult::getDocMatched)
        .map(matched -> matched > 0)
        .onSuccess(
            refunded -> {
              if (refunded) {
                Metrics.counter(
                        "tourbook.refunds",
                        "Refunds settled, by the payment's status after them (refunded or"
                            + " partially_refunded)",
                        "status",
                        status)
                    .increment();
              }
            });
  }

  private static JsonObject pendingRefund(String paymentId, String refundId) {
    return new JsonObject()
        .put("_id", paymentId)
        .put("refunds.refundId", refundId)
        .put("refunds.status", "pending");
  }

  /** One page of the payments matching {@code filter}, newest first. */
  public Future<List<JsonObject>> find(JsonObject filter, Pages.Page page) {
    return mongo.findWithOptions(
        COLLECTION,
        filter,
        new FindOptions()
            .setSort(new JsonObject().put("createdAt", -1).put("_id", 1))
            .setSkip(page.skip())
            .setLimit(page.size()));
  }

  public Future<Long> count(JsonObject filter) {
    return mongo.count(COLLECTION, filter);
  }

  private Future<Boolean> pendingUpdate(JsonObject filter, JsonObject update) {
    return mongo
        .updateCollection(COLLECTION, filter.put("status", "pending"), update)
        .map(MongoClientUpdateResult::getDocMatched)
        .map(matched -> matched > 0);
  }

  /** The lease of a running charge: who runs it and until when (epoch millis). */
  public static JsonObject lease(String owner, Instant until) {
    return new JsonObject().put("owner", owner).put("until", until.toEpochMilli());
  }
}
