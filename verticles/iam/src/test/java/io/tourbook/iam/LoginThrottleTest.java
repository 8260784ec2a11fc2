package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName(
    "Login: wrong credentials, and throttling per account and address, per address, per account")
class LoginThrottleTest {

  private static final int PER_ACCOUNT = 3;
  private static final int PER_ADDRESS = 6;
  private static final int BACKOFF_AFTER = 8;
  private static final int BACKOFF_SECONDS = 120;
  private static final int WINDOW_SECONDS = 600;
  private static final String FORWARDED = "X-Forwarded-For";
  private static final String ATTACKER = "203.0.113.7";

  private IamNode iam;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject config = IamNode.config();
    config
        .getJsonObject("iam")
        .getJsonObject("login")
        .put("max-failures", PER_ACCOUNT)
        .put("max-failures-per-address", PER_ADDRESS)
        .put("account-backoff-after", BACKOFF_AFTER)
        .put("account-backoff-initial-seconds", BACKOFF_SECONDS)
        .put("window-seconds", WINDOW_SECONDS)
        .put("client-address-header", FORWARDED);
    iam = IamNode.start(vertx, config);
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

  @Test
  @DisplayName(
      "60 simultaneous guesses from one address check at most the limit's passwords: the rest 429, none 503")
  void concurrentGuessesCheckAtMostTheLimit() throws Exception {
    iam.register("customer", "pia@example.com");
    List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      guesses.add(loginFrom(ATTACKER, "pia@example.com", "Wrong-Password-" + i));
    }
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (HttpResponse<Buffer> response : await(Future.join(guesses)).<HttpResponse<Buffer>>list()) {
      statuses.merge(response.statusCode(), 1, Integer::sum);
    }
    assertThat(statuses).isEqualTo(Map.of(401, PER_ACCOUNT, 429, 60 - PER_ACCOUNT));
    assertThat(await(loginFrom(ATTACKER, "pia@example.com", PASSWORD)).statusCode())
        .as("the right password after the guesses, from the same address")
        .isEqualTo(429);
  }

  @Test
  @DisplayName("The owner logs in from another address while an attacker's address is throttled")
  void ownerLogsInFromAnotherAddressDuringAnAttack() throws Exception {
    iam.register("customer", "quin@example.com");
    for (int i = 0; i < PER_ACCOUNT; i++) {
      assertThat(await(loginFrom(ATTACKER, "quin@example.com", "Wrong-Password-" + i)).statusCode())
          .isEqualTo(401);
    }
    assertThat(await(loginFrom(ATTACKER, "quin@example.com", PASSWORD)).statusCode())
        .as("the attacker's address, even with the right password")
        .isEqualTo(429);
    assertThat(await(loginFrom("198.51.100.9", "quin@example.com", PASSWORD)).statusCode())
        .as("the owner from their own address")
        .isEqualTo(200);
  }

  @Test
  @DisplayName("Failures on one account from many addresses make every address wait (the back-off)")
  void failuresFromManyAddressesBackOffTheAccount() throws Exception {
    iam.register("customer", "remy@example.com");
    for (int i = 0; i < BACKOFF_AFTER; i++) {
      String address = "198.51.100." + (i / 2 + 1);
      assertThat(await(loginFrom(address, "remy@example.com", "Wrong-Password-" + i)).statusCode())
          .isEqualTo(401);
    }
    HttpResponse<Buffer> waiting = await(loginFrom("192.0.2.50", "remy@example.com", PASSWORD));
    assertThat(waiting.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(waiting.getHeader("Retry-After")))
        .isBetween(1L, (long) BACKOFF_SECONDS);
  }

  private Future<HttpResponse<Buffer>> loginFrom(String address, String email, String password) {
    return iam.node
        .request(HttpMethod.POST, IamNode.API + "/login", null)
        .putHeader(FORWARDED, address)
        .sendJsonObject(new JsonObject().put("email", email).put("password", password));
  }
}
