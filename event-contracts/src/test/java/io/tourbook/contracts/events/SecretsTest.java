package io.tourbook.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecretsTest {

  private static JsonObject withSecrets() {
    return new JsonObject()
        .put("_id", "a1")
        .put("passwordHash", "hash")
        .put("profile", new JsonObject().put("name", "Ann").put("apiKey", "k"))
        .put(
            "payments",
            new JsonArray()
                .add(new JsonObject().put("id", "p1").put("paymentToken", "tok_visa"))
                .add("plain")
                .add(new JsonArray().add(new JsonObject().put("secret", "s"))));
  }

  @Test
  @DisplayName("find reports the path of every secret field, in objects and arrays")
  void findReportsPaths() {
    assertThat(Secrets.find(withSecrets()))
        .containsExactlyInAnyOrder(
            "$.passwordHash",
            "$.profile.apiKey",
            "$.payments[0].paymentToken",
            "$.payments[2][0].secret");
  }

  @Test
  @DisplayName("strip removes secrets at any depth and keeps everything else")
  void stripRemovesSecretsRecursively() {
    JsonObject original = withSecrets();

    JsonObject stripped = Secrets.strip(original);

    assertThat(Secrets.find(stripped)).isEmpty();
    assertThat(stripped)
        .isEqualTo(
            new JsonObject()
                .put("_id", "a1")
                .put("profile", new JsonObject().put("name", "Ann"))
                .put(
                    "payments",
                    new JsonArray()
                        .add(new JsonObject().put("id", "p1"))
                        .add("plain")
                        .add(new JsonArray().add(new JsonObject()))));
    assertThat(Secrets.find(original)).hasSize(4);
    // Values held as plain maps and lists, as a JsonObject may hold them.
    JsonObject plain =
        new JsonObject(
            Map.of(
                "nested", Map.of("token", "t", "keep", 1), "list", List.of(Map.of("secret", 2))));
    assertThat(Secrets.strip(plain))
        .isEqualTo(
            new JsonObject()
                .put("nested", new JsonObject().put("keep", 1))
                .put("list", new JsonArray().add(new JsonObject())));
  }
}
