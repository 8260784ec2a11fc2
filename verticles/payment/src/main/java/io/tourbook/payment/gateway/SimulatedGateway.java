package io.tourbook.payment.gateway;

import io.tourbook.contracts.Times;
import io.tourbook.platform.mongo.PortableWrites;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;
import java.util.Optional;

/**
 * A gateway without network, with the test tokens of Stripe's test mode: {@code tok_visa} succeeds
 * and {@code tok_chargeDeclined} is declined with {@code card_declined}. Any other token is refused
 * before a payment is stored.
 *
 * <p>Refunds always succeed. They are kept, like a real gateway keeps them, in the collection
 * {@code simulated_refunds} of the payment database, one per refund id (its idempotency key), so
 * that asking for the same refund again (after a crash, on any node) refunds nothing more, and
 * tests and the chaos run count exactly the refunds made.
 */
public final class SimulatedGateway implements PaymentGateway {

  /** The simulated gateway's own record of the refunds it made. */
  public static final String REFUNDS = "simulated_refunds";

  static final String SUCCEEDING_TOKEN = "tok_visa";
  static final String DECLINED_TOKEN = "tok_chargeDeclined";
  static final String DECLINE_REASON = "card_declined";

  private final MongoClient mongo;

  SimulatedGateway(MongoClient mongo) {
    this.mongo = mongo;
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public Optional<String> tokenProblem(String token) {
    if (SUCCEEDING_TOKEN.equals(token) || DECLINED_TOKEN.equals(token)) {
      return Optional.empty();
    }
    return Optional.of(
        "The simulated gateway accepts only the test tokens "
            + SUCCEEDING_TOKEN
            + " and "
            + DECLINED_TOKEN
            + ".");
  }

  @Override
  public Future<GatewayOutcome> charge(GatewayCharge charge) {
    String reference = "sim_" + charge.paymentId();
    return Future.succeededFuture(
        DECLINED_TOKEN.equals(charge.token())
            ? GatewayOutcome.failed(reference, DECLINE_REASON)
            : GatewayOutcome.succeeded(reference));
  }

  @Override
  public Future<GatewayOutcome> refund(GatewayRefund refund) {
    String reference = "simre_" + refund.refundId();
    JsonObject made =
        new JsonObject()
            .put("_id", refund.refundId())
            .put("paymentId", refund.paymentId())
            .put("amount", refund.amount().doubleValue())
            .put("currency", refund.currency())
            .put("at", Times.format(Instant.now()));
    return PortableWrites.insertUnlessDuplicate(mongo, REFUNDS, made)
        .map(inserted -> GatewayOutcome.succeeded(reference));
  }
}
