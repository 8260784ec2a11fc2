package io.tourbook.platform.trace;

import io.vertx.core.json.JsonObject;

/**
 * The {@code lastChange} stamp every write that makes an event sets in the same update (DESIGN §3):
 * the event type, when, who, and the trace context of the command or event that caused it.
 */
public final class ChangeStamp {

  private ChangeStamp() {}

  public static JsonObject of(String type, String at, String actor) {
    JsonObject stamp = new JsonObject().put("type", type).put("at", at).put("actor", actor);
    String traceparent = TraceContext.current();
    if (traceparent != null) {
      stamp.put(TraceContext.TRACEPARENT, traceparent);
    }
    return stamp;
  }
}
