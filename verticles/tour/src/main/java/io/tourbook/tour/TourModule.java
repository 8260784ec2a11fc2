package io.tourbook.tour;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;
import java.time.Clock;

/** The tour service, found by the launcher through {@link java.util.ServiceLoader}. */
public final class TourModule implements ServiceModule {

  private final Clock clock;

  /** With the system clock: what the launcher uses. */
  public TourModule() {
    this(Clock.systemUTC());
  }

  /** With {@code clock} for every timestamp the service writes. */
  public TourModule(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "tour";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new TourVerticle(node, clock);
  }
}
