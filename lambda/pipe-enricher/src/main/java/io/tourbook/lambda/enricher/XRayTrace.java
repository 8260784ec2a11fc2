package io.tourbook.lambda.enricher;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the X-Ray trace header SQS carries ({@code AWSTraceHeader}) into a W3C {@code traceparent},
 * so an event whose producer sent no trace context still joins the trace of its SQS hop.
 */
final class XRayTrace {

  private static final Pattern ROOT = Pattern.compile("Root=1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})");
  private static final Pattern PARENT = Pattern.compile("Parent=([0-9a-fA-F]{16})");
  private static final Pattern SAMPLED = Pattern.compile("Sampled=([01])");

  private XRayTrace() {}

  /**
   * @param header e.g. {@code
   *     Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}
   * @return {@code 00-<trace id>-<parent id>-<flags>}, or empty when the header lacks a root or a
   *     parent
   */
  static Optional<String> toTraceparent(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher root = ROOT.matcher(header);
    Matcher parent = PARENT.matcher(header);
    if (!root.find() || !parent.find()) {
      return Optional.empty();
    }
    Matcher sampled = SAMPLED.matcher(header);
    String flags = sampled.find() && sampled.group(1).equals("1") ? "01" : "00";
    String traceId = (root.group(1) + root.group(2)).toLowerCase(Locale.ROOT);
    return Optional.of(
        "00-" + traceId + "-" + parent.group(1).toLowerCase(Locale.ROOT) + "-" + flags);
  }
}
