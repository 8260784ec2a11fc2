package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The first admin, from IAM_ADMIN_EMAIL / IAM_ADMIN_PASSWORD")
class AdminBootstrapTest {

  private static JsonObject configWithAdmin(String email, String password) {
    JsonObject config = IamNode.config();
    config.getJsonObject("iam").put("admin-email", email).put("admin-password", password);
    return config;
  }

  @Test
  @DisplayName(
      "Nodes starting together create exactly one admin, who logs in; restarts create no other")
  void oneAdminAcrossNodes(Vertx vertx) throws Exception {
    JsonObject config = configWithAdmin("Root@Example.com", PASSWORD);
    List<TestNode> nodes =
        await(
            Future.all(
                    TestNode.start(vertx, config.copy(), List.of(new IamModule())),
                    TestNode.start(vertx, config.copy(), List.of(new IamModule())))
                .map(all -> all.<TestNode>list()));
    IamNode iam = IamNode.start(vertx, config.copy());
    try {
      List<JsonObject> accounts = iam.accounts();
      assertThat(accounts).hasSize(1);
      JsonObject admin = accounts.get(0);
      assertThat(admin.getString("role")).isEqualTo("admin");
      assertThat(admin.getString("status")).isEqualTo("active");
      assertThat(admin.getBoolean("verified")).isTrue();
      assertThat(admin.getJsonObject("lastChange").getString("actor")).isEqualTo("system");

      String token = iam.token("root@example.com");
      assertThat(iam.get("/accounts?role=admin", token).bodyAsJsonObject().getLong("total"))
          .isEqualTo(1);
    } finally {
      iam.stop();
      for (TestNode node : nodes) {
        await(node.stop());
      }
    }
  }

  @Test
  @DisplayName("No admin is created when the settings are empty")
  void noSettingsNoAdmin(Vertx vertx) throws Exception {
    IamNode iam = IamNode.start(vertx);
    try {
      assertThat(iam.accounts()).isEmpty();
    } finally {
      iam.stop();
    }
  }

  @Test
  @DisplayName("A weak admin password stops the start, without showing the password")
  void weakAdminPasswordFailsTheStart(Vertx vertx) {
    JsonObject config = configWithAdmin("root@example.com", "tooshort1");
    assertThatThrownBy(() -> TestNode.start(vertx, config, List.of(new IamModule())).await())
        .hasMessageContaining("iam.admin-password")
        .message()
        .doesNotContain("tooshort1");
  }
}
