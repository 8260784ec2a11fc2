package io.tourbook.platform.events;

import io.vertx.core.json.JsonObject;

/** The {@code events.*} configuration of DESIGN §3's delivery. */
record DispatcherSettings(
    int maxAttempts,
    long backoffInitialMs,
    long backoffMaxMs,
    int maxInFlight,
    long requestTimeoutMs,
    int partitions,
    long rebalanceMs,
    long checkpointIntervalMs) {

  static DispatcherSettings from(JsonObject config) {
    JsonObject events = config.getJsonObject("events", new JsonObject());
    DispatcherSettings settings =
        new DispatcherSettings(
            events.getInteger("max-attempts", 5),
            events.getLong("backoff-initial-ms", 100L),
            events.getLong("backoff-max-ms", 10_000L),
            events.getInteger("max-in-flight", 64),
            events.getLong("request-timeout-ms", 30_000L),
            events.getInteger("partitions", 8),
            events.getLong("rebalance-ms", 1_000L),
            events.getLong("checkpoint-interval-ms", 500L));
    if (settings.partitions < 1 || settings.maxInFlight < 1) {
      throw new IllegalArgumentException("events.partitions and events.max-in-flight must be >= 1");
    }
    return settings;
  }

  /** The delay before retry number {@code attempt}: see {@link Backoff}. */
  long backoff(int attempt) {
    return new Backoff(backoffInitialMs, backoffMaxMs).delayMs(attempt);
  }
}
