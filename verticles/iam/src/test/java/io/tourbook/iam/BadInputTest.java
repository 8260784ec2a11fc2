package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Bad input: a clear 4xx on every write route, and nothing changed")
class BadInputTest {

  private IamNode iam;
  private String admin;
  private String realtor;
  private String customerId;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    iam = IamNode.start(vertx);
    admin = iam.adminToken();
    iam.register("realtor", "rob@example.com");
    realtor = iam.token("rob@example.com");
    customerId = iam.register("customer", "cat@example.com").getString("id");
  }

  @AfterEach
  void stop() throws Exception {
    iam.stop();
  }

  private record Attempt(HttpMethod method, String path, String token, String body) {}

  private final List<Attempt> attempts = new ArrayList<>();

  private void badBodies(HttpMethod method, String path, String token, String... bodies) {
    for (String body : bodies) {
      attempts.add(new Attempt(method, path, token, body));
    }
  }

  /** Malformed JSON, JSON that is not an object, an empty body and an operator key. */
  private void malformed(HttpMethod method, String path, String token) {
    badBodies(
        method,
        path,
        token,
        "{",
        "{\"status\":",
        "[]",
        "\"text\"",
        "42",
        "null",
        "",
        "{\"$where\":\"1\"}");
  }

  @Test
  @DisplayName(
      "Malformed, mistyped, incomplete or unknown input is a 400 on every write route and changes nothing")
  void badBodiesChangeNothing() throws Exception {
    String valid = IamNode.registration("customer", "new@example.com").encode();
    malformed(HttpMethod.POST, "/register", null);
    badBodies(
        HttpMethod.POST,
        "/register",
        null,
        with(valid, "role", "admin"),
        with(valid, "status", "active"),
        with(valid, "verified", true),
        with(valid, "nickname", "x"),
        with(valid, "_id", "chosen-id"),
        with(valid, "passwordHash", "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA"),
        with(valid, "emailLower", "x@example.com"),
        with(valid, "email", 42),
        with(valid, "email", "not-an-email"),
        with(valid, "email", new JsonObject().put("$ne", "")),
        with(valid, "password", 1234567890),
        with(valid, "password", "Aa1".repeat(50)),
        with(valid, "name", "   "),
        with(valid, "role", "superuser"),
        with(valid, "phone", "call me"),
        with(valid, "location", new JsonObject().put("lat", 91).put("lon", 0)),
        with(valid, "location", new JsonObject().put("lat", "north").put("lon", 0)),
        with(IamNode.registration("realtor", "new@example.com").encode(), "location", null),
        without(valid, "email"),
        without(valid, "password"),
        without(valid, "name"),
        without(valid, "role"),
        without(IamNode.registration("realtor", "new@example.com").encode(), "location"));

    malformed(HttpMethod.POST, "/login", null);
    badBodies(
        HttpMethod.POST,
        "/login",
        null,
        "{\"email\":\"cat@example.com\",\"password\":{\"$ne\":\"\"}}",
        "{\"email\":{\"$ne\":null},\"password\":\"x\"}",
        "{\"email\":\"cat@example.com\",\"password\":[\"" + PASSWORD + "\"]}",
        "{\"email\":\"cat@example.com\"}",
        "{\"email\":\"cat@example.com\",\"password\":\"" + PASSWORD + "\",\"remember\":true}");

    malformed(HttpMethod.PUT, "/me/availability", realtor);
    badBodies(
        HttpMethod.PUT,
        "/me/availability",
        realtor,
        "{}",
        "{\"status\":\"busy\"}",
        "{\"status\":true}",
        "{\"status\":\"available\",\"location\":{\"lat\":\"x\",\"lon\":1}}",
        "{\"status\":\"available\",\"location\":{\"lat\":1}}",
        "{\"status\":\"available\",\"since\":\"now\"}");

    String newAdmin =
        new JsonObject()
            .put("email", "a2@example.com")
            .put("password", PASSWORD)
            .put("name", "A2")
            .encode();
    malformed(HttpMethod.POST, "/accounts", admin);
    badBodies(
        HttpMethod.POST,
        "/accounts",
        admin,
        with(newAdmin, "role", "customer"),
        with(newAdmin, "verified", false),
        with(newAdmin, "name", 7),
        without(newAdmin, "password"),
        with(newAdmin, "password", "weakpassword"));

    String statusPath = "/accounts/" + customerId + "/status";
    malformed(HttpMethod.PUT, statusPath, admin);
    badBodies(
        HttpMethod.PUT,
        statusPath,
        admin,
        "{}",
        "{\"status\":\"deleted\"}",
        "{\"status\":[\"suspended\"]}",
        "{\"status\":\"suspended\",\"reason\":\"spam\"}");
    badBodies(HttpMethod.PUT, "/accounts/bad$id/status", admin, "{\"status\":\"suspended\"}");
    badBodies(HttpMethod.POST, "/accounts/" + "x".repeat(65) + "/verify", admin, "{}");

    List<JsonObject> before = iam.accounts();
    for (Attempt attempt : attempts) {
      HttpResponse<Buffer> response =
          iam.send(attempt.method(), attempt.path(), attempt.token(), attempt.body());
      assertThat(response.statusCode())
          .as(
              attempt.method()
                  + " "
                  + attempt.path()
                  + " "
                  + attempt.body()
                  + " -> "
                  + response.bodyAsString())
          .isEqualTo(400);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(iam.accounts()).isEqualTo(before);
    assertThat(iam.login("cat@example.com", PASSWORD).statusCode())
        .as("bad login bodies count as no failed login")
        .isEqualTo(200);
  }

  @Test
  @DisplayName("A body over the limit is a 413 and changes nothing")
  void oversizedBody() throws Exception {
    List<JsonObject> before = iam.accounts();
    JsonObject huge =
        IamNode.registration("customer", "big@example.com").put("name", "n".repeat(70_000));
    HttpResponse<Buffer> response = iam.post("/register", null, huge);
    assertThat(response.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> login =
        iam.post(
            "/login",
            null,
            new JsonObject().put("email", "cat@example.com").put("password", "p".repeat(70_000)));
    assertThat(login.statusCode()).isEqualTo(413);
    assertThat(iam.accounts()).isEqualTo(before);
  }

  @Test
  @DisplayName("Query parameters are checked, and the page size is capped")
  void queryParameters() throws Exception {
    JsonObject page = iam.get("/accounts?size=100000", admin).bodyAsJsonObject();
    assertThat(page.getInteger("size")).isEqualTo(100);
    assertThat(page.getLong("total")).isEqualTo(3);
    for (String query :
        List.of(
            "page=0",
            "page=-1",
            "size=abc",
            "page=99999999999",
            "role=admin&role=customer",
            "role[$ne]=admin",
            "status=deleted",
            "verified=1",
            "sort=email")) {
      HttpResponse<Buffer> response = iam.get("/accounts?" + query, admin);
      assertThat(response.statusCode()).as(query + " -> " + response.bodyAsString()).isEqualTo(400);
    }
  }

  private static String with(String json, String field, Object value) {
    return new JsonObject(json).put(field, value).encode();
  }

  private static String without(String json, String field) {
    JsonObject object = new JsonObject(json);
    object.remove(field);
    return object.encode();
  }
}
