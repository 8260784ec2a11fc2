package io.tourbook.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A realtor's time: time zone, working hours and blocked-out times")
class RealtorTimeTest {

  private static final String WEEK =
      "[{\"day\":\"MON\",\"start\":\"08:00\",\"end\":\"12:00\"},"
          + "{\"day\":\"SAT\",\"start\":\"10:00\",\"end\":\"24:00\"}]";

  private IamNode iam;
  private String realtorId;
  private String token;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    iam = IamNode.start(vertx);
    realtorId = iam.register("realtor", "rita@example.com").getString("id");
    token = iam.token("rita@example.com");
  }

  @AfterEach
  void stop() throws Exception {
    iam.stop();
  }

  private HttpResponse<Buffer> delete(String path) throws Exception {
    return Eventually.await(iam.node.delete(IamNode.API + path, token));
  }

  private HttpResponse<Buffer> availability(String body) throws Exception {
    return iam.send(HttpMethod.PUT, "/me/availability", token, body);
  }

  @Test
  @DisplayName(
      "Working hours and time zone are set with the on-duty switch, kept when left out, seen by admins")
  void workingWeek() throws Exception {
    HttpResponse<Buffer> set =
        availability(
            "{\"status\":\"available\",\"timeZone\":\"Europe/Berlin\",\"workingHours\":"
                + WEEK
                + "}");
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> offDuty = availability("{\"status\":\"unavailable\"}");
    assertThat(offDuty.statusCode()).isEqualTo(200);
    JsonObject kept = offDuty.bodyAsJsonObject().getJsonObject("availability");
    assertThat(kept.getString("status")).isEqualTo("unavailable");
    assertThat(kept.getString("timeZone")).isEqualTo("Europe/Berlin");
    assertThat(kept.getJsonArray("workingHours")).isEqualTo(new JsonArray(WEEK));

    JsonObject seen = iam.get("/accounts/" + realtorId, iam.adminToken()).bodyAsJsonObject();
    assertThat(seen.getJsonObject("availability").getString("timeZone")).isEqualTo("Europe/Berlin");
    assertThat(iam.account(realtorId).getJsonObject("lastChange").getString("type"))
        .isEqualTo("iam.realtor.availability-changed");
  }

  @Test
  @DisplayName("Bad time zones and working hours get 400 and change nothing")
  void badWorkingWeek() throws Exception {
    availability("{\"status\":\"available\"}");
    List<JsonObject> before = iam.accounts();
    for (String body :
        List.of(
            "{\"status\":\"available\",\"timeZone\":\"Mars/Olympus\"}",
            "{\"status\":\"available\",\"workingHours\":[{\"day\":\"FUNDAY\",\"start\":\"09:00\",\"end\":\"17:00\"}]}",
            "{\"status\":\"available\",\"workingHours\":[{\"day\":\"MON\",\"start\":\"17:00\",\"end\":\"09:00\"}]}",
            "{\"status\":\"available\",\"workingHours\":[{\"day\":\"MON\",\"start\":\"25:00\",\"end\":\"26:00\"}]}",
            "{\"status\":\"available\",\"workingHours\":[{\"day\":\"MON\",\"start\":\"09:00\"}]}",
            "{\"status\":\"available\",\"workingHours\":{\"$ne\":1}}")) {
      HttpResponse<Buffer> refused = availability(body);
      assertThat(refused.statusCode()).as(body + " " + refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    assertThat(iam.accounts()).isEqualTo(before);
  }

  @Test
  @DisplayName("A realtor adds, lists and deletes blocked-out times; admins see them")
  void blockedTimes() throws Exception {
    HttpResponse<Buffer> later =
        iam.post(
            "/me/blocked-times",
            token,
            new JsonObject()
                .put("start", "2031-03-04T12:00:00Z")
                .put("end", "2031-03-04T13:00:00Z")
                .put("reason", "lunch"));
    assertThat(later.statusCode()).as(later.bodyAsString()).isEqualTo(201);
    String laterId = later.bodyAsJsonObject().getString("id");
    HttpResponse<Buffer> earlier =
        iam.post(
            "/me/blocked-times",
            token,
            new JsonObject()
                .put("start", "2031-03-03T09:00:00+01:00")
                .put("end", "2031-03-03T10:00:00+01:00"));
    assertThat(earlier.statusCode()).isEqualTo(201);
    assertThat(earlier.bodyAsJsonObject().getString("start")).isEqualTo("2031-03-03T08:00:00Z");

    JsonArray listed = iam.get("/me/blocked-times", token).bodyAsJsonObject().getJsonArray("items");
    assertThat(listed.stream().map(item -> ((JsonObject) item).getString("start")))
        .containsExactly("2031-03-03T08:00:00Z", "2031-03-04T12:00:00Z");
    JsonObject seen = iam.get("/accounts/" + realtorId, iam.adminToken()).bodyAsJsonObject();
    assertThat(seen.getJsonArray("blockedTimes")).hasSize(2);

    assertThat(delete("/me/blocked-times/" + laterId).statusCode()).isEqualTo(204);
    assertThat(delete("/me/blocked-times/" + laterId).statusCode()).isEqualTo(404);
    assertThat(iam.get("/me/blocked-times", token).bodyAsJsonObject().getJsonArray("items"))
        .hasSize(1);
    assertThat(iam.account(realtorId).getJsonObject("lastChange").getString("type"))
        .isEqualTo("iam.realtor.availability-changed");
  }

  @Test
  @DisplayName("Bad blocked times get 400, others than realtors 403, and nothing changes")
  void badBlockedTimes() throws Exception {
    List<JsonObject> before = iam.accounts();
    for (JsonObject body :
        List.of(
            new JsonObject().put("start", "2031-03-04T12:00:00Z"),
            new JsonObject()
                .put("start", "2031-03-04T12:00:00Z")
                .put("end", "2031-03-04T11:00:00Z"),
            new JsonObject().put("start", "tomorrow").put("end", "2031-03-04T11:00:00Z"),
            new JsonObject()
                .put("start", "2031-03-04T12:00:00Z")
                .put("end", "2031-03-04T13:00:00Z")
                .put("colour", "red"))) {
      HttpResponse<Buffer> refused = iam.post("/me/blocked-times", token, body);
      assertThat(refused.statusCode()).as(body.encode()).isEqualTo(400);
    }
    iam.register("customer", "cora@example.com");
    String customer = iam.token("cora@example.com");
    assertThat(iam.get("/me/blocked-times", customer).statusCode()).isEqualTo(403);
    assertThat(iam.accounts().stream().filter(a -> a.getString("_id").equals(realtorId)).toList())
        .isEqualTo(before.stream().filter(a -> a.getString("_id").equals(realtorId)).toList());
  }
}
