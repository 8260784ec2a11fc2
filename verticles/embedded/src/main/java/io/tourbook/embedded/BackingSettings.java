package io.tourbook.embedded;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a node finds its backing services, whether they run embedded or elsewhere.
 *
 * @param mongoUri MongoDB connection string, accepted by both the Vert.x MongoClient ({@code
 *     connection_string}) and the MongoDB Reactive Streams driver
 * @param redisUrl Redis connection string ({@code redis://[user:password@]host:port}); the embedded
 *     Redis one carries its password, so it is never logged
 * @param sqsEndpoint SQS endpoint URL; empty means the regional AWS endpoint
 * @param sqsRegion AWS region for SQS
 * @param smtpHost SMTP host
 * @param smtpPort SMTP port
 */
public record BackingSettings(
    String mongoUri,
    String redisUrl,
    String sqsEndpoint,
    String sqsRegion,
    String smtpHost,
    int smtpPort) {

  /** A copy of {@code config} that points at these services. */
  public JsonObject applyTo(JsonObject config) {
    JsonObject copy = config.copy();
    section(copy, "mongo").put("uri", mongoUri);
    section(copy, "redis").put("url", redisUrl);
    section(copy, "sqs").put("endpoint", sqsEndpoint).put("region", sqsRegion);
    section(copy, "smtp").put("host", smtpHost).put("port", smtpPort);
    return copy;
  }

  /**
   * These settings as the environment variables that override the matching configuration keys, to
   * hand to other nodes or print for a developer.
   */
  public Map<String, String> asEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MONGO_URI", mongoUri);
    env.put("REDIS_URL", redisUrl);
    env.put("SQS_ENDPOINT", sqsEndpoint);
    env.put("SQS_REGION", sqsRegion);
    env.put("SMTP_HOST", smtpHost);
    env.put("SMTP_PORT", Integer.toString(smtpPort));
    return env;
  }

  private static JsonObject section(JsonObject config, String name) {
    JsonObject section = config.getJsonObject(name);
    if (section == null) {
      section = new JsonObject();
      config.put(name, section);
    }
    return section;
  }
}
