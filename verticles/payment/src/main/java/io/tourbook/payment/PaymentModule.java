package io.tourbook.payment;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The payment service: charges through a gateway, Stripe webhooks, payment.* events. */
public final class PaymentModule implements ServiceModule {

  @Override
  public String name() {
    return "payment";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new PaymentVerticle(node);
  }
}
