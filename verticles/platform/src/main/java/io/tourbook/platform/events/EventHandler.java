package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;

/**
 * A consumer group's reaction to one event. It must be level-triggered and idempotent: act on the
 * state in {@code data}, and give the same result when the same event comes again.
 */
@FunctionalInterface
public interface EventHandler {

  Future<Void> handle(EventEnvelope event);
}
