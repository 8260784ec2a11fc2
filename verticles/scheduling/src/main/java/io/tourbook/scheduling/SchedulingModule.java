package io.tourbook.scheduling;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.vertx.core.Deployable;
import java.time.Clock;

/** The scheduling service, found by the launcher through {@link java.util.ServiceLoader}. */
public final class SchedulingModule implements ServiceModule {

  /** The clock in place of the node's, or null for the node's. */
  private final Clock clock;

  /** With the node's clock: what the launcher uses. */
  public SchedulingModule() {
    this.clock = null;
  }

  /**
   * With {@code clock} for everything time-driven: lead time, reminders, completion. Tests pass a
   * clock they move.
   */
  public SchedulingModule(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "scheduling";
  }

  @Override
  public Deployable verticle(NodeContext node) {
    return new SchedulingVerticle(clock == null ? node : node.withClock(clock));
  }
}
