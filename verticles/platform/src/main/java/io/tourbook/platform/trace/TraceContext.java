package io.tourbook.platform.trace;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The W3C trace context ({@code traceparent}) of the command or event being handled, kept on the
 * Vert.x duplicated context that handles it: an HTTP request's, an event-bus message's. Writes
 * stamp it into {@code lastChange}, so it comes out on the change's event, and the event's consumer
 * continues it: one trace id runs from a checkout to {@code tour.scheduled} and the SQS message.
 */
public final class TraceContext {

  /** The W3C header, event-bus header and envelope field. */
  public static final String TRACEPARENT = "traceparent";

  private static final String LOCAL_KEY = TraceContext.class.getName();
  private static final Pattern VALID =
      Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

  private TraceContext() {}

  /** The trace context of what the current duplicated context handles, or null. */
  public static String current() {
    return get(Vertx.currentContext());
  }

  /**
   * Continues {@code traceparent} (same trace, a new span) on the current duplicated context; does
   * nothing when it is absent or malformed, or when not on a duplicated context (whose data would
   * outlive the work).
   */
  public static void continueFrom(String traceparent) {
    if (valid(traceparent)) {
      set(Vertx.currentContext(), child(traceparent));
    }
  }

  static String get(Context context) {
    return context instanceof ContextInternal internal && internal.isDuplicate()
        ? internal.getLocal(LOCAL_KEY)
        : null;
  }

  static void set(Context context, String traceparent) {
    if (context instanceof ContextInternal internal && internal.isDuplicate()) {
      internal.putLocal(LOCAL_KEY, traceparent);
    }
  }

  /** Version 00, a non-zero trace id and parent id, lower-case hex. */
  public static boolean valid(String traceparent) {
    return traceparent != null && VALID.matcher(traceparent).matches();
  }

  /** A new span of the same trace, with the same flags. */
  static String child(String parent) {
    return parent.substring(0, 36) + hex(16) + parent.substring(52);
  }

  /** A new trace, sampled. */
  static String root() {
    return "00-" + hex(32) + "-" + hex(16) + "-01";
  }

  private static String hex(int digits) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder hex = new StringBuilder(digits + 16);
    while (hex.length() < digits) {
      hex.append(String.format("%016x", random.nextLong()));
    }
    return hex.substring(0, digits);
  }
}
