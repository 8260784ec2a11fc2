package io.tourbook.platform.events;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt {@code n} waits between half and all of {@code initialMs
 * * 2^(n-1)}, capped at {@code maxMs}. The jitter keeps retrying clients from hitting a recovering
 * server in lockstep.
 */
public record Backoff(long initialMs, long maxMs) {

  public Backoff {
    if (initialMs < 1 || maxMs < initialMs) {
      throw new IllegalArgumentException(
          "backoff needs 1 <= initial (" + initialMs + ") <= max (" + maxMs + ")");
    }
  }

  /** The delay before retry number {@code attempt} (1 for the first retry). */
  public long delayMs(int attempt) {
    long capped = Math.min(maxMs, initialMs << Math.min(Math.max(attempt, 1) - 1, 20));
    return Math.max(1, capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }
}
