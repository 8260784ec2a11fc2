package io.tourbook.platform.trace;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Vert.x's tracing hook, used only to carry the W3C {@code traceparent}: an HTTP request continues
 * the caller's trace or starts one; an event-bus message (a service-proxy call included) and an
 * outgoing HTTP request carry the sender's trace in their headers, and the receiver continues it.
 * No spans are recorded here: the trace ids end up in the events, the logs' callers and AWS's X-Ray
 * headers.
 */
public final class TraceparentTracer implements VertxTracer<String, String> {

  /** The factory a node's Vert.x is built with ({@code Vertx.builder().withTracer(...)}). */
  public static final VertxTracerFactory FACTORY = new Factory();

  @Override
  public <R> String receiveRequest(
      Context context,
      SpanKind kind,
      TracingPolicy policy,
      R request,
      String operation,
      Iterable<Map.Entry<String, String>> headers,
      TagExtractor<R> tagExtractor) {
    if (policy == TracingPolicy.IGNORE) {
      return null;
    }
    String incoming = null;
    for (Map.Entry<String, String> header : headers) {
      if (TraceContext.TRACEPARENT.equalsIgnoreCase(header.getKey())) {
        incoming = header.getValue();
      }
    }
    String trace =
        TraceContext.valid(incoming)
            ? TraceContext.child(incoming)
            : request instanceof HttpServerRequest ? TraceContext.root() : null;
    if (trace != null) {
      TraceContext.set(context, trace);
    }
    return trace;
  }

  @Override
  public <R> String sendRequest(
      Context context,
      SpanKind kind,
      TracingPolicy policy,
      R request,
      String operation,
      BiConsumer<String, String> headers,
      TagExtractor<R> tagExtractor) {
    String current = policy == TracingPolicy.IGNORE ? null : TraceContext.get(context);
    if (current != null) {
      headers.accept(TraceContext.TRACEPARENT, TraceContext.child(current));
    }
    return current;
  }

  private static final class Factory implements VertxTracerFactory {
    @Override
    public VertxTracer<String, String> tracer(TracingOptions options) {
      return new TraceparentTracer();
    }
  }
}
