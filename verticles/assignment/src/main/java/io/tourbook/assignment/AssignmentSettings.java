package io.tourbook.assignment;

import io.vertx.core.json.JsonObject;

/** The {@code assignment} section of the configuration. */
public record AssignmentSettings(
    double radiusKm,
    int candidates,
    int maxRounds,
    long retryIntervalMs,
    long retryDelayMs,
    int retryBatchSize,
    long closedRetentionMs,
    long serviceTimeoutMs,
    long maxWaitSeconds) {

  public static AssignmentSettings from(JsonObject config) {
    JsonObject section = config.getJsonObject("assignment", new JsonObject());
    return new AssignmentSettings(
        section.getDouble("radius-km", 25.0),
        section.getInteger("candidates", 10),
        section.getInteger("max-rounds", 3),
        section.getLong("retry-interval-ms", 10_000L),
        section.getLong("retry-delay-ms", 250L),
        section.getInteger("retry-batch-size", 200),
        section.getLong("closed-retention-ms", 86_400_000L),
        section.getLong("service-timeout-ms", 5_000L),
        section.getLong("max-wait-seconds", 86_400L));
  }
}
