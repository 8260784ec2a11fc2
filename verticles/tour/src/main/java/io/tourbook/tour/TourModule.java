package io.tourbook.tour;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The tour service, found by the launcher through {@link java.util.ServiceLoader}. */
public final class TourModule implements ServiceModule {

  @Override
  public String name() {
    return "tour";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new TourVerticle(node);
  }
}
