package io.tourbook.iam;

import static io.tourbook.iam.IamNode.PASSWORD;
import static io.tourbook.iam.IamNode.registration;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Accounts: registration, login, me and the admin commands")
class AccountsTest {

  private IamNode iam;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    iam = IamNode.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    iam.stop();
  }

  /** The audit log's login rows once there are {@code count} of them. */
  private JsonArray loginRows(String adminToken, int count) throws Exception {
    String query =
        "/api/v1/commands?service=iam&action="
            + URLEncoder.encode("POST /api/v1/iam/login", StandardCharsets.UTF_8);
    return Eventually.until(
            count + " login rows in the audit log",
            () -> Eventually.await(iam.node.get(query, adminToken)),
            page ->
                page.statusCode() == 200
                    && page.bodyAsJsonObject().getJsonArray("items").size() >= count)
        .bodyAsJsonObject()
        .getJsonArray("items");
  }

  private static JsonObject only(List<JsonObject> rows, Predicate<JsonObject> which) {
    List<JsonObject> matching = rows.stream().filter(which).toList();
    assertThat(matching).as(rows.toString()).hasSize(1);
    return matching.get(0);
  }

  @Test
  @DisplayName(
      "Login rows of the audit log name the account: actor on success, target on failure, never"
          + " the password")
  void loginRowsNameTheAccount() throws Exception {
    String admin = iam.adminToken();
    String id = iam.register("customer", "lou@example.com").getString("id");
    assertThat(iam.login("lou@example.com", PASSWORD).statusCode()).isEqualTo(200);
    assertThat(iam.login("lou@example.com", "Wrong-Password-7").statusCode()).isEqualTo(401);
    assertThat(iam.login("nobody@example.com", "Wrong-Password-7").statusCode()).isEqualTo(401);

    JsonArray rows = loginRows(admin, 3);
    List<JsonObject> all = rows.stream().map(JsonObject.class::cast).toList();
    JsonObject succeeded = only(all, row -> row.getString("outcome").equals("succeeded"));
    JsonObject failed =
        only(
            all,
            row ->
                row.getString("outcome").equals("rejected")
                    && row.getJsonObject("target").containsKey("account"));
    JsonObject unknown =
        only(
            all,
            row ->
                row.getString("outcome").equals("rejected")
                    && row.getJsonObject("target").isEmpty());
    assertThat(succeeded.getString("service")).isEqualTo("iam");
    assertThat(succeeded.getString("outcome")).isEqualTo("succeeded");
    assertThat(succeeded.getString("actor")).isEqualTo(id);
    assertThat(succeeded.getJsonObject("target")).isEqualTo(new JsonObject().put("account", id));
    assertThat(failed.getString("actor")).isNull();
    assertThat(failed.getJsonObject("target")).isEqualTo(new JsonObject().put("account", id));
    assertThat(unknown.getString("actor")).isNull();
    assertThat(rows.encode()).doesNotContain(PASSWORD, "Wrong-Password-7");
  }

  private static JsonObject part(String token, int index) {
    String encoded = token.split("\\.")[index];
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("A customer registers, logs in with a signed token and reads their own account")
  void registerLoginMe() throws Exception {
    JsonObject account = iam.register("customer", "Ann@Example.com");
    assertThat(account.getString("id")).isNotBlank();
    assertThat(account.getString("email")).isEqualTo("Ann@Example.com");
    assertThat(account.getString("role")).isEqualTo("customer");
    assertThat(account.getString("status")).isEqualTo("active");
    assertThat(account.getBoolean("verified")).isFalse();
    assertThat(account.fieldNames()).doesNotContain("passwordHash", "emailLower", "password");

    HttpResponse<Buffer> login = iam.login("ann@example.com", PASSWORD);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject body = login.bodyAsJsonObject();
    assertThat(body.getString("tokenType")).isEqualTo("Bearer");
    assertThat(body.getInteger("expiresIn")).isEqualTo(300);
    assertThat(body.getString("refreshToken")).isNotBlank();
    assertThat(body.getLong("refreshExpiresIn")).isEqualTo(1_209_600L);
    String token = body.getString("accessToken");

    JsonObject header = part(token, 0);
    JsonObject claims = part(token, 1);
    assertThat(header.getString("alg")).isEqualTo("RS256");
    assertThat(header.getString("kid")).isEqualTo(iam.node.auth.keys().signingKeyId());
    assertThat(claims.getString("sub")).isEqualTo(account.getString("id"));
    assertThat(claims.getJsonArray("roles")).containsExactly("customer");
    assertThat(claims.getString("iss")).isEqualTo(iam.node.auth.keys().issuer());
    assertThat(claims.getValue("aud").toString()).contains("tourbook-api");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(300);

    HttpResponse<Buffer> me = iam.get("/me", token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("id")).isEqualTo(account.getString("id"));
    assertThat(me.bodyAsJsonObject().fieldNames())
        .doesNotContain("passwordHash", "emailLower", "_id");
  }

  @Test
  @DisplayName(
      "Emails are unique whatever their case: a second registration is answered like a first and stores nothing")
  void emailsAreUniqueCaseInsensitively() throws Exception {
    JsonObject first = iam.register("provider", "Bob@Example.com");
    HttpResponse<Buffer> duplicate =
        iam.post("/register", null, registration("customer", "bob@EXAMPLE.com"));
    assertThat(duplicate.statusCode()).isEqualTo(201);
    assertThat(duplicate.bodyAsJsonObject().fieldNames()).isEqualTo(first.fieldNames());
    assertThat(duplicate.bodyAsJsonObject().getString("id")).isNotEqualTo(first.getString("id"));
    assertThat(iam.accounts()).hasSize(1);
    assertThat(iam.account(first.getString("id")).getString("role")).isEqualTo("provider");
    assertThat(iam.login("BOB@example.COM", PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("Weak passwords are refused with the reason, and nothing is stored")
  void weakPasswordsAreRefused() throws Exception {
    JsonObject tooShort = registration("customer", "c@example.com").put("password", "Ab3$efg");
    JsonObject oneKind =
        registration("customer", "c@example.com").put("password", "onlylowercaseletters");
    JsonObject hasEmail =
        registration("customer", "carla@example.com").put("password", "X-carla@example.com");
    assertThat(problem(iam.post("/register", null, tooShort))).contains("at least 10 characters");
    assertThat(problem(iam.post("/register", null, oneKind))).contains("mix at least two");
    assertThat(problem(iam.post("/register", null, hasEmail))).contains("email");
    assertThat(iam.accounts()).isEmpty();
  }

  private static String problem(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    return response.bodyAsJsonObject().getString("detail");
  }

  @Test
  @DisplayName("A realtor must give a location, and sets their availability")
  void realtorAvailability() throws Exception {
    JsonObject noLocation = registration("realtor", "rita@example.com");
    noLocation.remove("location");
    assertThat(iam.post("/register", null, noLocation).statusCode()).isEqualTo(400);

    JsonObject realtor = iam.register("realtor", "rita@example.com");
    String token = iam.token("rita@example.com");
    HttpResponse<Buffer> available =
        iam.send(HttpMethod.PUT, "/me/availability", token, "{\"status\":\"available\"}");
    assertThat(available.statusCode()).as(available.bodyAsString()).isEqualTo(200);
    JsonObject availability = available.bodyAsJsonObject().getJsonObject("availability");
    assertThat(availability.getString("status")).isEqualTo("available");
    assertThat(availability.containsKey("location")).isFalse();
    assertThat(availability.getString("at")).isNotBlank();

    HttpResponse<Buffer> moved =
        iam.send(
            HttpMethod.PUT,
            "/me/availability",
            token,
            "{\"status\":\"unavailable\",\"location\":{\"lat\":51.5,\"lon\":-0.12}}");
    assertThat(moved.statusCode()).isEqualTo(200);
    JsonObject movedAvailability = moved.bodyAsJsonObject().getJsonObject("availability");
    assertThat(movedAvailability.getString("status")).isEqualTo("unavailable");
    assertThat(movedAvailability.getJsonObject("location").getDouble("lat")).isEqualTo(51.5);
    assertThat(iam.account(realtor.getString("id")).getJsonObject("lastChange").getString("type"))
        .isEqualTo("iam.realtor.availability-changed");
  }

  @Test
  @DisplayName(
      "An admin verifies, suspends and reactivates; a suspended account cannot log in or use its token")
  void adminVerifiesSuspendsReactivates() throws Exception {
    String providerId = iam.register("provider", "pia@example.com").getString("id");
    String providerToken = iam.token("pia@example.com");
    String admin = iam.adminToken();

    HttpResponse<Buffer> verified =
        iam.post("/accounts/" + providerId + "/verify", admin, new JsonObject());
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(verified.bodyAsJsonObject().getBoolean("verified")).isTrue();
    JsonObject stamp = iam.account(providerId).getJsonObject("lastChange");
    assertThat(stamp.getString("type")).isEqualTo("iam.account.verified");
    assertThat(stamp.getString("actor")).isEqualTo("admin-1");
    assertThat(
            iam.post("/accounts/" + providerId + "/verify", admin, new JsonObject()).statusCode())
        .isEqualTo(200);
    assertThat(iam.account(providerId).getJsonObject("lastChange")).isEqualTo(stamp);

    HttpResponse<Buffer> suspended =
        iam.send(
            HttpMethod.PUT,
            "/accounts/" + providerId + "/status",
            admin,
            "{\"status\":\"suspended\"}");
    assertThat(suspended.statusCode()).isEqualTo(200);
    assertThat(suspended.bodyAsJsonObject().getString("status")).isEqualTo("suspended");
    assertThat(iam.account(providerId).getJsonObject("lastChange").getString("type"))
        .isEqualTo("iam.account.status-changed");

    assertThat(iam.login("pia@example.com", PASSWORD).statusCode()).isEqualTo(403);
    assertThat(iam.get("/me", providerToken).statusCode()).isEqualTo(403);

    assertThat(
            iam.send(
                    HttpMethod.PUT,
                    "/accounts/" + providerId + "/status",
                    admin,
                    "{\"status\":\"active\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(iam.get("/me", providerToken).statusCode()).isEqualTo(200);
    assertThat(iam.login("pia@example.com", PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("Admins cannot change their own status, and a suspended admin is refused at once")
  void adminStatusRules() throws Exception {
    String admin = iam.adminToken();
    assertThat(
            iam.send(
                    HttpMethod.PUT, "/accounts/admin-1/status", admin, "{\"status\":\"suspended\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(iam.account("admin-1").getString("status")).isEqualTo("active");

    HttpResponse<Buffer> second =
        iam.post(
            "/accounts",
            admin,
            new JsonObject()
                .put("email", "second@example.com")
                .put("password", PASSWORD)
                .put("name", "Second"));
    String secondId = second.bodyAsJsonObject().getString("id");
    String secondToken = iam.token("second@example.com");
    assertThat(
            iam.send(
                    HttpMethod.PUT,
                    "/accounts/admin-1/status",
                    secondToken,
                    "{\"status\":\"suspended\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(iam.get("/accounts", admin).statusCode()).isEqualTo(403);
    assertThat(iam.get("/accounts/" + secondId, secondToken).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("An admin creates another admin, who logs in with the admin role")
  void adminCreatesAdmin() throws Exception {
    String admin = iam.adminToken();
    JsonObject body =
        new JsonObject()
            .put("email", "Ada@Example.com")
            .put("password", PASSWORD)
            .put("name", "Ada");
    HttpResponse<Buffer> created = iam.post("/accounts", admin, body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject account = created.bodyAsJsonObject();
    assertThat(account.getString("role")).isEqualTo("admin");
    assertThat(account.getBoolean("verified")).isTrue();
    assertThat(iam.account(account.getString("id")).getJsonObject("lastChange").getString("actor"))
        .isEqualTo("admin-1");

    String token = iam.token("ada@example.com");
    assertThat(part(token, 1).getJsonArray("roles")).containsExactly("admin");
    assertThat(iam.get("/accounts", token).statusCode()).isEqualTo(200);
    assertThat(iam.post("/accounts", admin, body).statusCode()).isEqualTo(409);
  }

  @Test
  @DisplayName("Admins list accounts by role, status and verification, a capped page at a time")
  void adminListsAccounts() throws Exception {
    String admin = iam.adminToken();
    iam.register("customer", "c1@example.com");
    iam.register("customer", "c2@example.com");
    String providerId = iam.register("provider", "p1@example.com").getString("id");
    iam.register("realtor", "r1@example.com");
    iam.post("/accounts/" + providerId + "/verify", admin, new JsonObject());

    JsonObject customers = iam.get("/accounts?role=customer", admin).bodyAsJsonObject();
    assertThat(customers.getLong("total")).isEqualTo(2);
    assertThat(customers.getJsonArray("items"))
        .allSatisfy(
            item -> assertThat(((JsonObject) item).getString("role")).isEqualTo("customer"));

    JsonObject verified =
        iam.get("/accounts?verified=true&role=provider", admin).bodyAsJsonObject();
    assertThat(verified.getJsonArray("items")).hasSize(1);
    assertThat(verified.getJsonArray("items").getJsonObject(0).getString("id"))
        .isEqualTo(providerId);

    JsonObject all = iam.get("/accounts?status=active&size=100000", admin).bodyAsJsonObject();
    assertThat(all.getInteger("size")).isEqualTo(100);
    assertThat(all.getLong("total")).isEqualTo(5);
    for (Object item : all.getJsonArray("items")) {
      assertThat(((JsonObject) item).fieldNames())
          .doesNotContain("passwordHash", "emailLower", "payments", "tours");
    }

    JsonObject secondPage = iam.get("/accounts?size=2&page=2", admin).bodyAsJsonObject();
    assertThat(secondPage.getJsonArray("items")).hasSize(2);
    assertThat(secondPage.getInteger("totalPages")).isEqualTo(3);

    assertThat(iam.get("/accounts?role=superuser", admin).statusCode()).isEqualTo(400);
    assertThat(iam.get("/accounts?role=customer&role=admin", admin).statusCode()).isEqualTo(400);
    assertThat(iam.get("/accounts?verified=yes", admin).statusCode()).isEqualTo(400);
    assertThat(iam.get("/accounts?email[$ne]=x", admin).statusCode()).isEqualTo(400);
    assertThat(iam.get("/accounts?size=0", admin).statusCode()).isEqualTo(400);
    assertThat(iam.get("/accounts/no-such-account", admin).statusCode()).isEqualTo(404);
    assertThat(iam.get("/accounts/" + providerId, admin).bodyAsJsonObject().getString("email"))
        .isEqualTo("p1@example.com");
  }

  @Test
  @DisplayName("The node's OpenAPI document describes iam's routes")
  void openApi() throws Exception {
    JsonObject paths =
        Eventually.await(iam.node.get("/openapi.json", null))
            .bodyAsJsonObject()
            .getJsonObject("paths");
    assertThat(paths.fieldNames())
        .contains(
            "/api/v1/iam/register",
            "/api/v1/iam/login",
            "/api/v1/iam/me/availability",
            "/api/v1/iam/accounts/{id}/status");
  }

  @Test
  @DisplayName("The JWKS is public and holds the signing key, without private material")
  void jwksIsPublic() throws Exception {
    HttpResponse<Buffer> response = iam.get("/jwks", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray keys = response.bodyAsJsonObject().getJsonArray("keys");
    assertThat(keys).hasSize(1);
    JsonObject key = keys.getJsonObject(0);
    assertThat(key.getString("kid")).isEqualTo(iam.node.auth.keys().signingKeyId());
    assertThat(key.getString("kty")).isEqualTo("RSA");
    assertThat(key.fieldNames()).doesNotContain("d", "p", "q", "dp", "dq", "qi");
  }
}
