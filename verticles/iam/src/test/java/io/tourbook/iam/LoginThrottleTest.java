package io.tourbook.iam;

import static io.tourbook.iam.IamFixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Login: wrong credentials, and throttling per account and per address")
class LoginThrottleTest {

  private static final int PER_ACCOUNT = 3;
  private static final int PER_ADDRESS = 6;
  private static final int WINDOW_SECONDS = 600;

  private IamFixtures iam;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject config = IamFixtures.config();
    config
        .getJsonObject("iam")
        .getJsonObject("login")
        .put("max-failures", PER_ACCOUNT)
        .put("max-failures-per-address", PER_ADDRESS)
        .put("window-seconds", WINDOW_SECONDS);
    iam = IamFixtures.start(vertx, config);
  }

  @AfterEach
  void stop() throws Exception {
    iam.stop();
  }

  @Test
  @DisplayName("An unknown email and a wrong password get the same 401")
  void wrongCredentialsLookAlike() throws Exception {
    iam.register("customer", "kim@example.com");
    HttpResponse<Buffer> wrongPassword = iam.login("kim@example.com", "Not-The-Password-1");
    HttpResponse<Buffer> unknownEmail = iam.login("nobody@example.com", PASSWORD);
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
    assertThat(unknownEmail.statusCode()).isEqualTo(401);
    assertThat(wrongPassword.bodyAsJsonObject().getString("detail"))
        .isEqualTo(unknownEmail.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Wrong email or password.");
  }

  @Test
  @DisplayName(
      "Repeated failures for one account give 429 with Retry-After, even with the right password")
  void accountIsThrottled() throws Exception {
    iam.register("customer", "lee@example.com");
    for (int i = 0; i < PER_ACCOUNT; i++) {
      assertThat(iam.login("lee@example.com", "Wrong-Password-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> throttled = iam.login("LEE@example.com", PASSWORD);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Long.parseLong(throttled.getHeader("Retry-After")))
        .isBetween(1L, (long) WINDOW_SECONDS);

    iam.register("customer", "max@example.com");
    assertThat(iam.login("max@example.com", PASSWORD).statusCode())
        .as("another account from the same address")
        .isEqualTo(200);
  }

  @Test
  @DisplayName("A successful login resets the account's count")
  void successResetsTheAccount() throws Exception {
    iam.register("customer", "nia@example.com");
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < PER_ACCOUNT - 1; i++) {
        assertThat(iam.login("nia@example.com", "Wrong-Password-" + i).statusCode()).isEqualTo(401);
      }
      assertThat(iam.login("nia@example.com", PASSWORD).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("Repeated failures from one address give 429 for every account")
  void addressIsThrottled() throws Exception {
    iam.register("customer", "ola@example.com");
    for (int i = 0; i < PER_ADDRESS; i++) {
      assertThat(iam.login("guess" + i + "@example.com", PASSWORD).statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> throttled = iam.login("ola@example.com", PASSWORD);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.getHeader("Retry-After")).isNotBlank();
  }
}
