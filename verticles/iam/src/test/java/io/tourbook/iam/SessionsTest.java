package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.auth.AccountStates;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName(
    "Sessions: refresh rotation, logout, suspension and the account states every node reads")
class SessionsTest {

  private IamNode iam;
  private AccountStates freshStates;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    iam = IamNode.start(vertx);
    // Its own client, so that no node's cache answers for Redis.
    freshStates =
        AccountStates.create(
            vertx, iam.config.copy().put("jwt", new JsonObject().put("account-state-cache-ms", 0)));
  }

  @AfterEach
  void stop() throws Exception {
    await(freshStates.close());
    iam.stop();
  }

  private JsonObject login(String email) throws Exception {
    HttpResponse<Buffer> response = iam.login(email, PASSWORD);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> refresh(String refreshToken) throws Exception {
    return iam.post("/token/refresh", null, new JsonObject().put("refreshToken", refreshToken));
  }

  private HttpResponse<Buffer> suspend(String admin, String id, String status) throws Exception {
    HttpResponse<Buffer> response =
        iam.send(
            io.vertx.core.http.HttpMethod.PUT,
            "/accounts/" + id + "/status",
            admin,
            new JsonObject().put("status", status).encode());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response;
  }

  @Test
  @DisplayName(
      "A refresh answers a new access and refresh token; the refresh token is stored hashed")
  void refreshRotates() throws Exception {
    String id = iam.register("customer", "ann@example.com").getString("id");
    JsonObject first = login("ann@example.com");

    HttpResponse<Buffer> refreshed = refresh(first.getString("refreshToken"));

    assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);
    assertThat(refreshed.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject second = refreshed.bodyAsJsonObject();
    assertThat(second.getString("refreshToken")).isNotEqualTo(first.getString("refreshToken"));
    assertThat(second.getInteger("expiresIn")).isEqualTo(300);
    assertThat(iam.get("/me", second.getString("accessToken")).statusCode()).isEqualTo(200);
    List<JsonObject> stored = await(iam.iamDb.find("refreshTokens", new JsonObject()));
    assertThat(stored).hasSize(2);
    assertThat(stored).allSatisfy(token -> assertThat(token.getString("subject")).isEqualTo(id));
    assertThat(stored.toString())
        .doesNotContain(first.getString("refreshToken"))
        .doesNotContain(second.getString("refreshToken"));
  }

  @Test
  @DisplayName("Reusing a rotated refresh token is a 401 and revokes its whole family")
  void reuseRevokesTheFamily() throws Exception {
    iam.register("customer", "bob@example.com");
    JsonObject otherLogin = login("bob@example.com");
    JsonObject first = login("bob@example.com");
    JsonObject second = refresh(first.getString("refreshToken")).bodyAsJsonObject();

    HttpResponse<Buffer> replay = refresh(first.getString("refreshToken"));

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(refresh(second.getString("refreshToken")).statusCode()).isEqualTo(401);
    assertThat(refresh(otherLogin.getString("refreshToken")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("Unknown and malformed refresh tokens are refused and change nothing")
  void unknownRefreshTokenIsRefused() throws Exception {
    assertThat(refresh("no-such-token").statusCode()).isEqualTo(401);
    assertThat(
            iam.post("/token/refresh", null, new JsonObject().put("refreshToken", 42)).statusCode())
        .isEqualTo(400);
    assertThat(await(iam.iamDb.count("refreshTokens", new JsonObject()))).isZero();
  }

  @Test
  @DisplayName("Logout revokes the family of the caller's refresh token, and only the caller's")
  void logoutRevokesTheFamily() throws Exception {
    iam.register("customer", "cat@example.com");
    iam.register("customer", "dan@example.com");
    JsonObject cat = login("cat@example.com");
    JsonObject dan = login("dan@example.com");
    JsonObject catBody = new JsonObject().put("refreshToken", cat.getString("refreshToken"));
    JsonObject danBody = new JsonObject().put("refreshToken", dan.getString("refreshToken"));

    assertThat(iam.post("/logout", null, catBody).statusCode()).isEqualTo(401);
    assertThat(iam.post("/logout", cat.getString("accessToken"), danBody).statusCode())
        .isEqualTo(204);
    assertThat(iam.post("/logout", cat.getString("accessToken"), catBody).statusCode())
        .isEqualTo(204);

    assertThat(refresh(cat.getString("refreshToken")).statusCode()).isEqualTo(401);
    assertThat(refresh(dan.getString("refreshToken")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "Registration and suspension set the account's state before answering; suspension revokes its refresh tokens")
  void statusChangesReachTheAccountStates() throws Exception {
    String admin = iam.adminToken();
    String id = iam.register("customer", "eve@example.com").getString("id");
    assertThat(await(freshStates.state(id))).isEqualTo(AccountStates.ACTIVE);
    JsonObject session = login("eve@example.com");

    suspend(admin, id, "suspended");

    assertThat(await(freshStates.state(id))).isEqualTo(AccountStates.SUSPENDED);
    assertThat(refresh(session.getString("refreshToken")).statusCode()).isEqualTo(401);
    assertThat(iam.get("/me", session.getString("accessToken")).statusCode()).isEqualTo(403);

    suspend(admin, id, "active");

    assertThat(await(freshStates.state(id))).isEqualTo(AccountStates.ACTIVE);
    assertThat(refresh(session.getString("refreshToken")).statusCode()).isEqualTo(401);
    assertThat(refresh(login("eve@example.com").getString("refreshToken")).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "A status written to MongoDB without its Redis state (a crash in between) is repaired from iam's own events")
  void crashBetweenTheWritesIsRepaired() throws Exception {
    String id = iam.register("customer", "fay@example.com").getString("id");
    JsonObject session = login("fay@example.com");
    await(
        iam.iamDb.updateCollection(
            "accounts",
            new JsonObject().put("_id", id),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", "suspended")
                        .put(
                            "lastChange",
                            new JsonObject()
                                .put("type", "iam.account.status-changed")
                                .put("at", java.time.Instant.now().toString())
                                .put("actor", "admin-1")))));

    Eventually.until(
        "the suspension in the account states",
        () -> AccountStates.SUSPENDED.equals(awaitQuietly(freshStates.state(id))));
    Eventually.until(
        "the refresh tokens revoked",
        () -> {
          List<JsonObject> tokens =
              awaitQuietly(iam.iamDb.find("refreshTokens", new JsonObject().put("subject", id)));
          return tokens != null
              && !tokens.isEmpty()
              && tokens.stream().allMatch(token -> token.getBoolean("revoked"));
        });
    assertThat(refresh(session.getString("refreshToken")).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "When Redis loses the account states, tokens pass on their signature until iam restores them")
  void lostStatesAreRestored(Vertx vertx) throws Exception {
    String id = iam.register("customer", "gus@example.com").getString("id");
    String token = iam.token("gus@example.com");
    Redis redis = Redis.createClient(vertx, iam.config.getJsonObject("redis").getString("url"));
    try {
      await(redis.send(Request.cmd(Command.FLUSHALL)));
    } finally {
      redis.close();
    }

    assertThat(iam.get("/me", token).statusCode()).isEqualTo(200);
    Eventually.until(
        "the account states restored",
        () -> AccountStates.ACTIVE.equals(awaitQuietly(freshStates.state(id))));
    assertThat(await(freshStates.state("nobody"))).isNull();
  }

  private static <T> T awaitQuietly(io.vertx.core.Future<T> future) {
    try {
      return await(future);
    } catch (Exception e) {
      return null;
    }
  }
}
