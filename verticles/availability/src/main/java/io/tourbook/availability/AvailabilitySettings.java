package io.tourbook.availability;

import io.vertx.core.json.JsonObject;

/** The {@code availability} section of the configuration. */
public record AvailabilitySettings(
    double maxRadiusKm,
    double defaultRadiusKm,
    int maxResults,
    boolean rebuildOnStart,
    boolean rebuildOnMiss,
    long reconcileIntervalMs,
    long claimGraceMs,
    int redisMaxPoolSize,
    int redisMaxWaiting) {

  public static AvailabilitySettings from(JsonObject config) {
    JsonObject section = config.getJsonObject("availability", new JsonObject());
    return new AvailabilitySettings(
        section.getDouble("max-radius-km", 500.0),
        section.getDouble("default-radius-km", 50.0),
        section.getInteger("max-results", 100),
        section.getBoolean("rebuild-on-start", true),
        section.getBoolean("rebuild-on-miss", true),
        section.getLong("reconcile-interval-ms", 60_000L),
        section.getLong("claim-grace-ms", 30_000L),
        section.getInteger("redis-max-pool-size", 8),
        section.getInteger("redis-max-waiting", 2048));
  }
}
