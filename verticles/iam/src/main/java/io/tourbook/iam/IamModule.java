package io.tourbook.iam;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The iam service: accounts, login and tokens, roles, verification, realtor availability. */
public final class IamModule implements ServiceModule {

  @Override
  public String name() {
    return "iam";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new IamVerticle(node);
  }
}
