package io.tourbook.payment;

import io.tourbook.payment.gateway.GatewayCharge;
import io.tourbook.payment.gateway.GatewayOutcome;
import io.tourbook.payment.gateway.GatewayRefund;
import io.tourbook.payment.gateway.PaymentGateway;
import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The payment service whose gateway, once it has refunded, never answers: the node is as stuck as
 * one killed between the gateway's refund and the write that records it. {@link #refunded} opens
 * when that point is reached.
 */
final class CrashingRefundModule implements ServiceModule {

  final CountDownLatch refunded = new CountDownLatch(1);

  @Override
  public String name() {
    return "payment";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new PaymentVerticle(node, Stuck::new);
  }

  private final class Stuck implements PaymentGateway {

    private final PaymentGateway gateway;

    Stuck(PaymentGateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public String name() {
      return gateway.name();
    }

    @Override
    public Optional<String> tokenProblem(String token) {
      return gateway.tokenProblem(token);
    }

    @Override
    public Future<GatewayOutcome> charge(GatewayCharge charge) {
      return gateway.charge(charge);
    }

    @Override
    public Future<GatewayOutcome> refund(GatewayRefund refund) {
      return gateway
          .refund(refund)
          .compose(
              made -> {
                refunded.countDown();
                return Promise.<GatewayOutcome>promise().future();
              });
    }
  }
}
