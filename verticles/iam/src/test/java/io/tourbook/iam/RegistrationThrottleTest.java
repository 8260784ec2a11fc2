package io.tourbook.iam;

import static io.tourbook.iam.IamNode.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Registration: throttled per address, known e-mails answered like new ones")
class RegistrationThrottleTest {

  private static final int PER_ADDRESS = 4;

  private IamNode iam;

  @AfterEach
  void stop() throws Exception {
    if (iam != null) {
      iam.stop();
    }
  }

  @Test
  @DisplayName(
      "Registrations beyond the limit from one address are 429 with Retry-After and store nothing")
  void registrationsAreThrottledPerAddress(Vertx vertx) throws Exception {
    start(vertx, IamNode.config());
    for (int i = 0; i < PER_ADDRESS; i++) {
      iam.register("customer", "user" + i + "@example.com");
    }
    HttpResponse<Buffer> throttled =
        iam.post("/register", null, registration("customer", "one-more@example.com"));
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(throttled.getHeader("Retry-After"))).isPositive();
    assertThat(iam.accounts()).hasSize(PER_ADDRESS);
  }

  @Test
  @DisplayName(
      "A known e-mail gets the same status, headers and body shape as a new one, and nothing is stored or emitted")
  void knownEmailLooksLikeANewOne(Vertx vertx) throws Exception {
    start(vertx, IamNode.config());
    HttpResponse<Buffer> fresh =
        iam.post("/register", null, registration("customer", "sam@example.com"));
    String samId = fresh.bodyAsJsonObject().getString("id");
    Eventually.until("the account's created event", () -> !iam.events.ofSubject(samId).isEmpty());
    HttpResponse<Buffer> known =
        iam.post("/register", null, registration("customer", "sam@example.com"));

    assertThat(known.statusCode()).isEqualTo(fresh.statusCode()).isEqualTo(201);
    assertThat(new TreeSet<>(known.headers().names()))
        .isEqualTo(new TreeSet<>(fresh.headers().names()));
    JsonObject body = known.bodyAsJsonObject();
    assertThat(body.fieldNames()).isEqualTo(fresh.bodyAsJsonObject().fieldNames());
    assertThat(body.getString("email")).isEqualTo("sam@example.com");
    assertThat(body.getString("id")).isNotEqualTo(samId);
    assertThat(iam.accounts()).hasSize(1);
    assertThat(iam.events.ofSubject(body.getString("id"))).isEmpty();
  }

  @Test
  @DisplayName("With Redis down, registration fails closed with 503 and stores nothing")
  void redisDownFailsClosed(Vertx vertx) throws Exception {
    JsonObject config = IamNode.config();
    config.getJsonObject("redis").put("url", "redis://127.0.0.1:1");
    start(vertx, config);
    HttpResponse<Buffer> refused =
        iam.post("/register", null, registration("customer", "tia@example.com"));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Registration is unavailable; try again later.");
    assertThat(iam.accounts()).isEmpty();
    HttpResponse<Buffer> login =
        iam.post(
            "/login",
            null,
            new JsonObject().put("email", "tia@example.com").put("password", "Whatever-1234"));
    assertThat(login.statusCode()).isEqualTo(503);
  }

  private void start(Vertx vertx, JsonObject config) throws Exception {
    config
        .getJsonObject("iam")
        .put("register", new JsonObject().put("max-per-address", PER_ADDRESS));
    iam = IamNode.start(vertx, config);
  }
}
