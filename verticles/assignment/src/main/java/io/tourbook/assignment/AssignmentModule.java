package io.tourbook.assignment;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;

/** The assignment service: gives each new tour the nearest available realtor. */
public final class AssignmentModule implements ServiceModule {

  @Override
  public String name() {
    return "assignment";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new AssignmentVerticle(node);
  }
}
