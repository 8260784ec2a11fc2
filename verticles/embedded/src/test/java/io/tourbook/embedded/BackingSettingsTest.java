package io.tourbook.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BackingSettings")
class BackingSettingsTest {

  private final BackingSettings settings =
      new BackingSettings(
          "mongodb://127.0.0.1:27018/?directConnection=true",
          "redis://127.0.0.1:6380",
          "http://127.0.0.1:9324",
          "eu-west-1",
          "127.0.0.1",
          2525);

  @Test
  @DisplayName("applies itself to a copy of the config, leaving other keys and the original alone")
  void appliesToCopy() {
    JsonObject config =
        new JsonObject()
            .put("mongo", new JsonObject().put("uri", ""))
            .put("smtp", new JsonObject().put("host", "").put("port", 25).put("from", "a@b"));

    JsonObject applied = settings.applyTo(config);

    assertThat(applied.getJsonObject("mongo").getString("uri")).isEqualTo(settings.mongoUri());
    assertThat(applied.getJsonObject("redis").getString("url")).isEqualTo(settings.redisUrl());
    assertThat(applied.getJsonObject("sqs").getString("endpoint"))
        .isEqualTo(settings.sqsEndpoint());
    assertThat(applied.getJsonObject("sqs").getString("region")).isEqualTo("eu-west-1");
    assertThat(applied.getJsonObject("smtp").getInteger("port")).isEqualTo(2525);
    assertThat(applied.getJsonObject("smtp").getString("from")).isEqualTo("a@b");
    assertThat(config.getJsonObject("mongo").getString("uri")).isEmpty();
  }

  @Test
  @DisplayName("names itself as the environment variables that override the same keys")
  void asEnvironment() {
    assertThat(settings.asEnvironment())
        .containsEntry("MONGO_URI", settings.mongoUri())
        .containsEntry("REDIS_URL", settings.redisUrl())
        .containsEntry("SQS_ENDPOINT", settings.sqsEndpoint())
        .containsEntry("SQS_REGION", "eu-west-1")
        .containsEntry("SMTP_HOST", "127.0.0.1")
        .containsEntry("SMTP_PORT", "2525")
        .hasSize(6);
  }
}
