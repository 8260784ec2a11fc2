package io.tourbook.bridge;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The bridge to AWS SQS and EventBridge. */
public final class BridgeModule implements ServiceModule {

  @Override
  public String name() {
    return "bridge";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new BridgeVerticle(node);
  }
}
