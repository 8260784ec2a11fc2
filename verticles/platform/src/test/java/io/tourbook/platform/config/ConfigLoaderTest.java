package io.tourbook.platform.config;

import static io.tourbook.platform.testsupport.TestNode.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("ConfigLoader")
class ConfigLoaderTest {

  private static final String PROFILE = "configloadertest";

  @TempDir Path dir;

  @Test
  @DisplayName("loads config/default.yaml when nothing else is given")
  void loadsDefaults(Vertx vertx, VertxTestContext testContext) {
    expect(
        ConfigLoader.load(vertx, null, null, Map.of()),
        testContext,
        config -> {
          assertThat(ConfigLoader.path(config, "http.port")).isEqualTo(8080);
          assertThat(ConfigLoader.integer(config, "events.max-attempts")).isEqualTo(5);
          assertThat(ConfigLoader.string(config, "mongo.uri")).isEmpty();
          assertThat(ConfigLoader.bool(config, "embedded.enabled")).isTrue();
        });
  }

  @Test
  @DisplayName("overrides key by key: default < profile < file < environment")
  void precedence(Vertx vertx, VertxTestContext testContext) throws IOException {
    Path file = yaml("http:\n  port: 9100\ntest:\n  text: from-file\n");
    expect(
        ConfigLoader.load(vertx, PROFILE, file.toString(), Map.of("HTTP_PORT", "9200")),
        testContext,
        config -> {
          assertThat(ConfigLoader.string(config, "http.host")).isEqualTo("0.0.0.0");
          assertThat(ConfigLoader.path(config, "test.ratio")).isEqualTo(0.5);
          assertThat(ConfigLoader.string(config, "test.text")).isEqualTo("from-file");
          assertThat(ConfigLoader.integer(config, "http.port")).isEqualTo(9200);
        });
  }

  @Test
  @DisplayName("takes the profile from TOURBOOK_PROFILE, unless one is passed")
  void profileFromEnvironment(Vertx vertx, VertxTestContext testContext) {
    Map<String, String> env = Map.of("TOURBOOK_PROFILE", PROFILE);
    expect(
        ConfigLoader.load(vertx, null, null, env)
            .compose(
                fromEnv ->
                    ConfigLoader.load(vertx, "local", null, env)
                        .map(
                            explicit ->
                                new JsonObject().put("env", fromEnv).put("explicit", explicit))),
        testContext,
        both -> {
          assertThat(ConfigLoader.integer(both, "env.http.port")).isEqualTo(9000);
          assertThat(ConfigLoader.integer(both, "explicit.http.port")).isEqualTo(8080);
          assertThat(both.getJsonObject("explicit").containsKey("test")).isFalse();
        });
  }

  @Test
  @DisplayName(
      "converts environment values to the type the key already has; a number may be a fraction"
          + " where the default is whole, as in YAML")
  void coercesEnvironmentValues(Vertx vertx, VertxTestContext testContext) {
    Map<String, String> env =
        Map.of(
            "HTTP_PORT", " 9300 ",
            "EVENTS_MAX_ATTEMPTS", "7",
            "TEST_BIG", "20000000000",
            "TEST_FLAG", "TRUE",
            "TEST_RATIO", "0.75",
            "ASSIGNMENT_RADIUS_KM", "12.5",
            "TEST_NAMES", "x, y ,z",
            "JWT_PUBLIC_KEYS", "key-1,key-2",
            "MONGO_URI", "mongodb://db.example:27017/?replicaSet=rs0");
    expect(
        ConfigLoader.load(vertx, PROFILE, null, env),
        testContext,
        config -> {
          assertThat(ConfigLoader.path(config, "http.port")).isEqualTo(9300);
          assertThat(ConfigLoader.path(config, "events.max-attempts")).isEqualTo(7);
          assertThat(ConfigLoader.path(config, "test.big")).isEqualTo(20_000_000_000L);
          assertThat(ConfigLoader.path(config, "test.flag")).isEqualTo(true);
          assertThat(ConfigLoader.path(config, "test.ratio")).isEqualTo(0.75);
          assertThat(ConfigLoader.path(config, "assignment.radius-km")).isEqualTo(12.5);
          assertThat(ConfigLoader.path(config, "test.names"))
              .isEqualTo(new JsonArray().add("x").add("y").add("z"));
          assertThat(ConfigLoader.path(config, "jwt.public-keys"))
              .isEqualTo(new JsonArray().add("key-1").add("key-2"));
          assertThat(ConfigLoader.string(config, "mongo.uri"))
              .isEqualTo("mongodb://db.example:27017/?replicaSet=rs0");
        });
  }

  @Test
  @DisplayName(
      "takes AWS_REGION and AWS_ENDPOINT_URL_SQS / _EVENTBRIDGE (else AWS_ENDPOINT_URL) where ours"
          + " are unset")
  void readsTheAwsStandardVariables(Vertx vertx, VertxTestContext testContext) {
    Map<String, String> env =
        Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ENDPOINT_URL", "http://aws.local:4566",
            "AWS_ENDPOINT_URL_SQS", "http://sqs.local:9324",
            "EVENTBRIDGE_REGION", "eu-central-1");
    expect(
        ConfigLoader.load(vertx, null, null, env),
        testContext,
        config -> {
          assertThat(ConfigLoader.string(config, "sqs.region")).isEqualTo("eu-west-1");
          assertThat(ConfigLoader.string(config, "eventbridge.region")).isEqualTo("eu-central-1");
          assertThat(ConfigLoader.string(config, "sqs.endpoint"))
              .isEqualTo("http://sqs.local:9324");
          assertThat(ConfigLoader.string(config, "eventbridge.endpoint"))
              .isEqualTo("http://aws.local:4566");
        });
  }

  @Test
  @DisplayName("ignores empty variables and variables that name no key")
  void ignoresEmptyAndUnknownVariables(Vertx vertx, VertxTestContext testContext) {
    expect(
        ConfigLoader.load(vertx, null, null, Map.of("HTTP_PORT", "", "NO_SUCH_KEY", "1")),
        testContext,
        config -> {
          assertThat(ConfigLoader.integer(config, "http.port")).isEqualTo(8080);
          assertThat(config.containsKey("no")).isFalse();
        });
  }

  @Test
  @DisplayName("fails on a value of the wrong type, naming the variable but not the value")
  void rejectsValueOfWrongType(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, null, null, Map.of("EMBEDDED_ENABLED", "s3cr3t"))
        .onComplete(
            testContext.failing(
                error ->
                    testContext.verify(
                        () -> {
                          assertThat(error)
                              .isInstanceOf(IllegalArgumentException.class)
                              .hasMessage(
                                  "Environment variable EMBEDDED_ENABLED (for embedded.enabled)"
                                      + " must be true or false")
                              .hasMessageNotContaining("s3cr3t");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("fails on a number that is not one")
  void rejectsMalformedNumber(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, null, null, Map.of("HTTP_PORT", "80a", "ASSIGNMENT_RADIUS_KM", "NaN"))
        .onComplete(
            testContext.failing(
                error ->
                    testContext.verify(
                        () -> {
                          assertThat(error)
                              .hasMessageContaining("must be a number")
                              .hasMessageNotContaining("80a");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("fails on a profile that does not exist")
  void rejectsUnknownProfile(Vertx vertx, VertxTestContext testContext) {
    ConfigLoader.load(vertx, "no-such-profile", null, Map.of())
        .onComplete(
            testContext.failing(
                error ->
                    testContext.verify(
                        () -> {
                          assertThat(error).hasMessageContaining("config/no-such-profile.yaml");
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("loads the shipped profiles: local, cluster and aws")
  void loadsShippedProfiles(Vertx vertx, VertxTestContext testContext) {
    expect(
        Future.all(
                ConfigLoader.load(vertx, "local", null, Map.of()),
                ConfigLoader.load(vertx, "cluster", null, Map.of()),
                ConfigLoader.load(vertx, "aws", null, Map.of()))
            .map(
                all ->
                    new JsonObject()
                        .put("local", all.resultAt(0))
                        .put("cluster", all.resultAt(1))
                        .put("aws", all.resultAt(2))),
        testContext,
        profiles -> {
          assertThat(ConfigLoader.bool(profiles, "local.embedded.enabled")).isTrue();
          assertThat(ConfigLoader.bool(profiles, "cluster.embedded.enabled")).isFalse();
          assertThat(ConfigLoader.bool(profiles, "aws.embedded.enabled")).isFalse();
        });
  }

  @Test
  @DisplayName("path() reads dotted keys and rejects missing ones")
  void pathAccessors() {
    JsonObject config =
        new JsonObject().put("events", new JsonObject().put("max-attempts", 5).put("on", true));

    assertThat(ConfigLoader.integer(config, "events.max-attempts")).isEqualTo(5);
    assertThat(ConfigLoader.longValue(config, "events.max-attempts")).isEqualTo(5L);
    assertThat(ConfigLoader.bool(config, "events.on")).isTrue();
    assertThatThrownBy(() -> ConfigLoader.path(config, "events.max-atempts"))
        .hasMessage("Missing configuration key: events.max-atempts");
    assertThatThrownBy(() -> ConfigLoader.integer(config, "events.on"))
        .hasMessageContaining("not a number");
  }

  private Path yaml(String content) throws IOException {
    Path file = dir.resolve("override.yaml");
    Files.writeString(file, content);
    return file;
  }
}
