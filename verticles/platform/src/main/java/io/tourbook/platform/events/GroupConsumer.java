package io.tourbook.platform.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.platform.trace.TraceContext;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * A consumer group's handling of the events delivered to it on this node, on the context of the
 * verticle that consumes. With processed markers, each event is handled once per group: a record in
 * the group's database absorbs redeliveries. A group whose effect is naturally idempotent (a
 * conditional update, a unique key) goes without them.
 */
final class GroupConsumer {

  private final EventHandler handler;
  private final ProcessedMarkers markers;
  private final Map<String, Future<Void>> inProgress = new HashMap<>();

  /**
   * @param markers the group's processed markers, or null for a handler that is idempotent itself
   */
  GroupConsumer(EventHandler handler, ProcessedMarkers markers) {
    this.handler = handler;
    this.markers = markers;
  }

  /**
   * Handles a delivery: an {@link EventEnvelope} from a partition on this node, or its JSON (a
   * replay, which may come from another node).
   */
  void handle(Message<Object> message) {
    EventEnvelope event;
    try {
      event =
          message.body() instanceof EventEnvelope envelope
              ? envelope
              : EventEnvelope.fromJson((JsonObject) message.body());
    } catch (RuntimeException invalid) {
      message.fail(400, "invalid event envelope: " + invalid.getMessage());
      return;
    }
    // A redelivery of an event still being handled (its earlier attempt timed out at the
    // dispatcher) waits for that handling's outcome: failing it at once would spend the
    // dispatcher's attempts in milliseconds and park an event that is about to succeed.
    Future<Void> running = inProgress.get(event.id());
    if (running != null) {
      running.onComplete(outcome -> reply(message, outcome));
      return;
    }
    // The lookup completes on the consumer's own context; the handler runs on the message's
    // (duplicated) context again, which carries the event's trace context to what it writes.
    ContextInternal messageContext = (ContextInternal) Vertx.currentContext();
    Future<Void> handled =
        markers == null
            ? invoke(event)
            : onContext(markers.isProcessed(event.id()), messageContext)
                .compose(
                    done ->
                        done
                            ? Future.<Void>succeededFuture()
                            : invoke(event).compose(v -> markers.mark(event)));
    inProgress.put(event.id(), handled);
    handled.onComplete(
        outcome -> {
          inProgress.remove(event.id());
          reply(message, outcome);
        });
  }

  private static void reply(Message<Object> message, AsyncResult<Void> outcome) {
    if (outcome.succeeded()) {
      message.reply(null);
    } else {
      message.fail(500, String.valueOf(outcome.cause().getMessage()));
    }
  }

  private static <T> Future<T> onContext(Future<T> future, ContextInternal context) {
    PromiseInternal<T> promise = context.promise();
    future.onComplete(promise);
    return promise.future();
  }

  private Future<Void> invoke(EventEnvelope event) {
    // What the handler writes continues the trace of the write that made the event.
    TraceContext.continueFrom(event.traceparent());
    try {
      return handler.handle(event);
    } catch (RuntimeException failure) {
      return Future.failedFuture(failure);
    }
  }
}
