package io.tourbook.assignment;

import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("GET /assignments and /assignments/waiting")
class AssignmentRoutesTest {

  private Vertx vertx;
  private AssignmentNode testing;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    testing = AssignmentNode.start(vertx, AssignmentNode.freshConfig());
  }

  @AfterEach
  void stop() throws Exception {
    testing.stop(vertx);
  }

  private static List<String> tours(List<JsonObject> assignments) {
    return assignments.stream().map(assignment -> assignment.getString("tourId")).toList();
  }

  @Test
  @DisplayName("Admins filter assignments by tour, realtor and status, newest first")
  void filters() throws Exception {
    testing.availability.add("r-1", 52.52, 13.40);
    testing.availability.add("r-2", 52.52, 13.40);
    await(testing.tours.create("tour-1", 52.52, 13.40, Instant.now()));
    until("tour-1 assigned", () -> testing.active().size() == 1);
    await(testing.tours.create("tour-2", 52.52, 13.40, Instant.now()));
    until("tour-2 assigned", () -> testing.active().size() == 2);
    await(testing.tours.complete("tour-1"));
    until("tour-1 released", () -> testing.active().size() == 1);
    String realtorOfTour2 = testing.active().get(0).getString("realtorId");
    await(testing.tours.create("tour-3", 52.52, 13.40, Instant.now()));
    until("tour-3 assigned", () -> testing.active().size() == 2);
    await(testing.tours.create("tour-4", 48.14, 11.58, Instant.now()));
    until("tour-4, far from both, waiting", () -> testing.waiting().size() == 1);

    assertThat(tours(testing.assignments(""))).containsExactly("tour-3", "tour-2", "tour-1");
    assertThat(tours(testing.assignments("&status=released"))).containsExactly("tour-1");
    assertThat(tours(testing.assignments("&status=active"))).containsExactly("tour-3", "tour-2");
    assertThat(tours(testing.assignments("&tourId=tour-2"))).containsExactly("tour-2");
    assertThat(tours(testing.assignments("&realtorId=" + realtorOfTour2 + "&status=active")))
        .contains("tour-2")
        .containsExactlyElementsOf(
            testing.active().stream()
                .filter(active -> realtorOfTour2.equals(active.getString("realtorId")))
                .map(active -> active.getString("tourId"))
                .toList());
    assertThat(testing.assignments("&tourId=nope")).isEmpty();
    assertThat(testing.waitingTours()).containsExactly("tour-4");
    assertThat(testing.assignments(""))
        .allSatisfy(
            assignment -> assertThat(assignment.fieldNames()).contains("id").doesNotContain("_id"));

    HttpResponse<Buffer> page =
        await(
            testing.node.get(
                "/api/v1/assignments/?size=2&page=2", testing.node.token("admin-1", Roles.ADMIN)));
    assertThat(page.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(page.bodyAsJsonObject().getLong("total")).isEqualTo(3);
  }

  @Test
  @DisplayName("Bad query parameters get 400 problems")
  void badQueries() throws Exception {
    String admin = testing.node.token("admin-1", Roles.ADMIN);
    for (String query :
        List.of(
            "?status=done",
            "?status=active&status=released",
            "?tourId=%7B%22%24ne%22%3A1%7D",
            "?tourId=a%20b",
            "?realtorId=" + "x".repeat(65),
            "?page=0",
            "?size=-1")) {
      HttpResponse<Buffer> response =
          await(testing.node.get("/api/v1/assignments/" + query, admin));
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.getHeader("Content-Type"))
          .as(query)
          .startsWith("application/problem+json");
    }
    HttpResponse<Buffer> waiting =
        await(testing.node.get("/api/v1/assignments/waiting?page=x", admin));
    assertThat(waiting.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("Only admins reach the assignment routes")
  void authorizationMatrix() throws Exception {
    assertThat(await(AuthorizationMatrix.violations(testing.node))).isEmpty();
    assertThat(testing.node.node.routes().tables().get("assignments").entries()).hasSize(2);
  }
}
