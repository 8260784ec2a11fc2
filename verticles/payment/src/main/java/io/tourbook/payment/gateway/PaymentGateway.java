package io.tourbook.payment.gateway;

import io.tourbook.payment.PaymentSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import java.util.Optional;

/**
 * Where money is actually taken. A charge's payment id is its idempotency key at the gateway, so
 * charging the same payment again never takes money twice.
 */
public interface PaymentGateway {

  /** {@code simulated} or {@code stripe}: stored on each payment. */
  String name();

  /** Why this gateway could never use {@code token}, or empty when it may. */
  Optional<String> tokenProblem(String token);

  /**
   * Asks the gateway to take the money. Succeeds with the gateway's answer (succeeded, failed or
   * still pending); fails when the gateway cannot be reached or answers in a way that says nothing
   * about the charge, in which case the charge may be retried with the same payment id.
   */
  Future<GatewayOutcome> charge(GatewayCharge charge);

  /**
   * Gives money back. The refund id is the gateway's idempotency key: asking again for the same
   * refund answers it again and never refunds twice. Succeeds with the gateway's answer (succeeded,
   * still pending, or failed); fails when the gateway cannot be reached, in which case it may be
   * asked again.
   */
  Future<GatewayOutcome> refund(GatewayRefund refund);

  /** Releases the gateway's resources (HTTP connections). */
  default void close() {}

  /** The gateway that {@code payment.gateway} names. */
  static PaymentGateway create(Vertx vertx, PaymentSettings settings, MongoClient mongo) {
    return switch (settings.gateway()) {
      case PaymentSettings.STRIPE -> new StripeGateway(vertx, settings.stripe());
      default -> new SimulatedGateway(mongo);
    };
  }
}
