package io.tourbook.platform.node;

import com.sun.management.UnixOperatingSystemMXBean;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;

/**
 * The {@code http.*} bounds on connections (config/default.yaml).
 *
 * @param idleTimeoutMs a connection with no traffic either way this long is closed
 * @param headerTimeoutMs a connection that has not sent a complete request head this long after it
 *     opened, or after its last response ended, is closed
 * @param maxConnections connections the node holds open at once; a new one beyond them is closed
 */
public record ConnectionLimits(long idleTimeoutMs, long headerTimeoutMs, int maxConnections) {

  /**
   * File descriptors left to the rest of the node (its files, the backing services' sockets, the
   * cluster) when {@code http.max-connections} is derived from the descriptor limit.
   */
  static final long RESERVED_DESCRIPTORS = 128;

  /** The cap when the descriptor limit is unknown (not a Unix JVM). */
  static final int CAP_WITHOUT_LIMIT = 10_000;

  private static final int SMALLEST_DERIVED_CAP = 64;

  public static ConnectionLimits from(JsonObject http) {
    long idleSeconds = http.getLong("idle-timeout-seconds", 60L);
    long headerSeconds = http.getLong("header-timeout-seconds", 10L);
    int maxConnections = http.getInteger("max-connections", 0);
    requirePositive("http.idle-timeout-seconds", idleSeconds);
    requirePositive("http.header-timeout-seconds", headerSeconds);
    if (maxConnections < 0) {
      throw new IllegalArgumentException(
          "http.max-connections must be 0 (from the descriptor limit) or more, not "
              + maxConnections);
    }
    return new ConnectionLimits(
        idleSeconds * 1000,
        headerSeconds * 1000,
        maxConnections > 0 ? maxConnections : derivedCap());
  }

  /** The process's open-file limit less a reserve, so that connections cannot exhaust it. */
  private static int derivedCap() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      long free = unix.getMaxFileDescriptorCount() - RESERVED_DESCRIPTORS;
      return (int) Math.max(SMALLEST_DERIVED_CAP, Math.min(Integer.MAX_VALUE, free));
    }
    return CAP_WITHOUT_LIMIT;
  }

  private static void requirePositive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, not " + value);
    }
  }
}
