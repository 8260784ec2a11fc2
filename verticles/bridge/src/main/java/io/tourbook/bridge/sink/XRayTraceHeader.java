package io.tourbook.bridge.sink;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The X-Ray form of an event's W3C trace context, for SQS's {@code AWSTraceHeader} and
 * EventBridge's {@code TraceHeader}: X-Ray's trace id is the W3C one split after its first 8 hex
 * digits (the epoch seconds), so a trace continues across the bridge.
 */
final class XRayTraceHeader {

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{8})([0-9a-f]{24})-([0-9a-f]{16})-([0-9a-f]{2})");

  private XRayTraceHeader() {}

  /** The header for a {@code traceparent}, or empty when there is none or it is malformed. */
  static Optional<String> fromTraceparent(String traceparent) {
    if (traceparent == null) {
      return Optional.empty();
    }
    Matcher parts = TRACEPARENT.matcher(traceparent);
    if (!parts.matches()) {
      return Optional.empty();
    }
    boolean sampled = (Integer.parseInt(parts.group(4), 16) & 1) == 1;
    return Optional.of(
        "Root=1-"
            + parts.group(1)
            + "-"
            + parts.group(2)
            + ";Parent="
            + parts.group(3)
            + ";Sampled="
            + (sampled ? "1" : "0"));
  }
}
