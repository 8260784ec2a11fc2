package io.tourbook.payment.gateway;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * A gateway without network, with the test tokens of Stripe's test mode: {@code tok_visa} succeeds
 * and {@code tok_chargeDeclined} is declined with {@code card_declined}. Any other token is refused
 * before a payment is stored.
 */
final class SimulatedGateway implements PaymentGateway {

  static final String SUCCEEDING_TOKEN = "tok_visa";
  static final String DECLINED_TOKEN = "tok_chargeDeclined";
  static final String DECLINE_REASON = "card_declined";

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
}
