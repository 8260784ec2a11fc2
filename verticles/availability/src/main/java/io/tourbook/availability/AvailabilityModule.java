package io.tourbook.availability;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The availability service: the realtor pool in Redis, served as availability.service. */
public final class AvailabilityModule implements ServiceModule {

  @Override
  public String name() {
    return "availability";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new AvailabilityVerticle(node);
  }
}
