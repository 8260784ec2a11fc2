package io.tourbook.cart;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The cart service: customers' carts of listings and their checkout. */
public final class CartModule implements ServiceModule {

  @Override
  public String name() {
    return "cart";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new CartVerticle(node);
  }
}
