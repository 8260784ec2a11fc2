package io.tourbook.payment.impl;

import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.payment.PaymentSettings;
import io.tourbook.payment.gateway.GatewayCharge;
import io.tourbook.payment.gateway.GatewayOutcome;
import io.tourbook.payment.gateway.PaymentGateway;
import io.tourbook.payment.model.ChargeRequest;
import io.tourbook.payment.model.Payments;
import io.tourbook.payment.store.PaymentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import io.vertx.serviceproxy.ServiceException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges carts, at most once per (customer, idempotency key).
 *
 * <p>The payment is inserted pending first, under a unique (customerId, idempotencyKey) index and
 * with a lease naming the charge that runs it, so that a crash never leaves money taken without a
 * record. Only the inserting charge calls the gateway; it then settles the payment with a
 * conditional update that stamps {@code payment.succeeded} or {@code payment.failed}. A repeated
 * request finds the stored payment: a settled one gives its outcome, a running one is waited for,
 * and one whose lease expired (its charge crashed or the gateway was unreachable) is taken over and
 * charged again under the same payment id, which the gateway treats as the same charge. A charge of
 * 0 (a free tour) needs no token and succeeds without a gateway call, stored with gateway {@code
 * free}.
 */
public final class PaymentServiceImpl implements PaymentService {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentServiceImpl.class);

  private final Vertx vertx;
  private final PaymentStore store;
  private final PaymentGateway gateway;
  private final PaymentSettings settings;
  private final Validator schema;
  private final Clock clock;

  public PaymentServiceImpl(
      Vertx vertx,
      PaymentStore store,
      PaymentGateway gateway,
      PaymentSettings settings,
      Validator schema,
      Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.gateway = gateway;
    this.settings = settings;
    this.schema = schema;
    this.clock = clock;
  }

  @Override
  public Future<JsonObject> charge(JsonObject request) {
    ChargeRequest charge;
    try {
      charge = ChargeRequest.parse(request, schema, settings.maxItems());
    } catch (IllegalArgumentException invalid) {
      return ServiceException.fail(INVALID, invalid.getMessage());
    }
    Optional<String> tokenProblem =
        charge.free() ? Optional.empty() : gateway.tokenProblem(charge.token());
    if (tokenProblem.isPresent()) {
      return ServiceException.fail(INVALID, tokenProblem.get());
    }
    Instant now = clock.instant();
    String owner = UUID.randomUUID().toString();
    JsonObject payment =
        charge.pendingPayment(
            UUID.randomUUID().toString(),
            charge.free() ? Payments.FREE : gateway.name(),
            PaymentStore.lease(owner, now.plus(settings.chargeLease())),
            now);
    long deadline = System.currentTimeMillis() + settings.inProgressWait().toMillis();
    return store
        .insertPending(payment)
        .compose(
            inserted -> inserted ? run(payment, charge, owner) : repeated(charge, owner, deadline));
  }

  /** Charges the gateway for a pending payment whose lease {@code owner} holds, and settles it. */
  private Future<JsonObject> run(JsonObject payment, ChargeRequest charge, String owner) {
    String id = payment.getString("_id");
    JsonObject amount = payment.getJsonObject("amount");
    GatewayCharge gatewayCharge =
        new GatewayCharge(
            id,
            charge.customerId(),
            new BigDecimal(amount.getNumber("amount").toString()),
            amount.getString("currency"),
            charge.token());
    // A free tour succeeds without asking any gateway.
    Future<GatewayOutcome> charged =
        charge.free()
            ? Future.succeededFuture(GatewayOutcome.succeeded(null))
            : gateway.charge(gatewayCharge);
    return charged.transform(
        answered -> {
          if (answered.failed()) {
            LOG.warn(
                "The {} gateway did not settle payment {}: {}",
                gateway.name(),
                id,
                answered.cause().getMessage());
            return store
                .releaseLease(id, owner, clock.instant())
                .transform(
                    released ->
                        ServiceException.fail(
                            UNAVAILABLE,
                            "The payment gateway is unavailable; retry with the same"
                                + " idempotency key."));
          }
          return record(id, charge.customerId(), answered.result())
              .compose(v -> store.byId(id))
              .compose(this::answer);
        });
  }

  private Future<Boolean> record(String id, String customerId, GatewayOutcome outcome) {
    Instant now = clock.instant();
    return switch (outcome.status()) {
      case PENDING -> store.awaitGateway(id, outcome.reference(), now);
      case SUCCEEDED ->
          store.settle(
              id,
              Payments.SUCCEEDED,
              outcome.reference(),
              null,
              EventTypes.PAYMENT_SUCCEEDED,
              customerId,
              now);
      case FAILED ->
          store.settle(
              id,
              Payments.FAILED,
              outcome.reference(),
              outcome.reason(),
              EventTypes.PAYMENT_FAILED,
              customerId,
              now);
    };
  }

  /**
   * A request whose key the customer already used: the stored outcome, once the charge that runs it
   * is done, or this request runs it if that charge's lease expired.
   */
  private Future<JsonObject> repeated(ChargeRequest charge, String owner, long deadline) {
    return store
        .byKey(charge.customerId(), charge.idempotencyKey())
        .compose(
            stored -> {
              if (stored == null) {
                return ServiceException.fail(
                    UNAVAILABLE, "The payment could not be read back; retry.");
              }
              if (!charge.fingerprint().equals(stored.getString("requestHash"))) {
                return ServiceException.fail(
                    CONFLICT, "This idempotency key was already used for a different payment.");
              }
              JsonObject lease = stored.getJsonObject("lease");
              if (!Payments.PENDING.equals(stored.getString("status")) || lease == null) {
                return answer(stored);
              }
              Instant now = clock.instant();
              if (lease.getLong("until", 0L) <= now.toEpochMilli()) {
                return store
                    .takeLease(
                        stored.getString("_id"),
                        lease.getString("owner"),
                        owner,
                        now.plus(settings.chargeLease()))
                    .compose(
                        won ->
                            won ? run(stored, charge, owner) : repeated(charge, owner, deadline));
              }
              if (System.currentTimeMillis() >= deadline) {
                return ServiceException.fail(
                    CONFLICT,
                    "A payment with this idempotency key is still being charged; retry later.");
              }
              return vertx
                  .timer(settings.inProgressPoll().toMillis())
                  .compose(tick -> repeated(charge, owner, deadline));
            });
  }

  /** What the caller gets for a stored payment: its id and status, or 402 with the reason. */
  private Future<JsonObject> answer(JsonObject payment) {
    if (payment == null) {
      return ServiceException.fail(UNAVAILABLE, "The payment could not be read back; retry.");
    }
    if (Payments.FAILED.equals(payment.getString("status"))) {
      String reason = payment.getString("reason", "payment_failed");
      return ServiceException.fail(
          DECLINED,
          reason,
          new JsonObject().put("paymentId", payment.getString("_id")).put("reason", reason));
    }
    return Future.succeededFuture(Payments.outcome(payment));
  }
}
