package io.tourbook.availability;

import static io.tourbook.availability.PoolFixtures.availableNear;
import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.tourbook.platform.testsupport.TestNode;
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
@DisplayName("GET /availability/realtors and POST /availability/rebuild")
class AvailabilityRoutesTest {

  private TestNode node;
  private OwnerWrites owners;
  private AvailabilityService pool;
  private String admin;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject config = PoolFixtures.freshConfig();
    // Around the clock and without lead time, so that a tour can be going on during the test.
    config
        .getJsonObject("scheduling")
        .put("lead-time-minutes", 0)
        .put("business-days", "MON-SUN")
        .put("business-hours", new JsonObject().put("start", "00:00").put("end", "24:00"));
    node = PoolFixtures.start(vertx, config);
    owners = new OwnerWrites(vertx, config);
    pool = PoolFixtures.proxy(vertx);
    admin = node.token("admin-1", Roles.ADMIN);
  }

  @AfterEach
  void stop() throws Exception {
    await(node.stop());
  }

  private JsonObject get(String query) throws Exception {
    HttpResponse<Buffer> response = await(node.get("/api/v1/availability/realtors" + query, admin));
    assertThat(response.statusCode()).as(query).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("realtorId"))
        .toList();
  }

  @Test
  @DisplayName("Admins see every realtor, by status and by distance, a page at a time")
  void adminQueriesThePool() throws Exception {
    await(owners.realtor("a-near", 52.521, 13.401, true));
    await(owners.realtor("b-booked", 52.53, 13.42, true));
    await(owners.realtor("c-off", 52.52, 13.40, false));
    await(owners.realtor("d-leipzig", 51.34, 12.37, true));
    until(
        "all four in the pool",
        () ->
            PoolFixtures.status(pool, "c-off").equals("unavailable")
                && PoolFixtures.status(pool, "d-leipzig").equals("available")
                && availableNear(pool, 52.52, 13.40).size() == 2);
    Instant soon = Instant.now().plusSeconds(1);
    assertThat(await(pool.claim("b-booked", "tour-1", PoolFixtures.slot(soon, 60)))).isTrue();
    until("b-booked's tour going on", () -> Instant.now().isAfter(soon));

    assertThat(ids(get(""))).containsExactly("a-near", "b-booked", "c-off", "d-leipzig");
    assertThat(ids(get("?status=available"))).containsExactly("a-near", "d-leipzig");
    assertThat(ids(get("?status=booked"))).containsExactly("b-booked");
    JsonObject booked = get("?status=booked").getJsonArray("items").getJsonObject(0);
    assertThat(booked.getJsonArray("bookings").getJsonObject(0).getString("tourId"))
        .isEqualTo("tour-1");
    assertThat(booked.getJsonObject("location").getDouble("lat")).isEqualTo(52.53);
    assertThat(booked.getString("updatedAt")).isNotBlank();

    JsonObject near = get("?near=52.52,13.40&radiusKm=10");
    assertThat(ids(near)).containsExactly("c-off", "a-near", "b-booked");
    assertThat(near.getJsonArray("items").getJsonObject(0).getDouble("distanceKm")).isZero();
    assertThat(ids(get("?near=52.52,13.40"))).doesNotContain("d-leipzig");
    assertThat(ids(get("?near=52.52,13.40&radiusKm=200&status=available")))
        .containsExactly("a-near", "d-leipzig");

    JsonObject second = get("?size=3&page=2");
    assertThat(ids(second)).containsExactly("d-leipzig");
    assertThat(second.getLong("total")).isEqualTo(4);
    assertThat(second.getInteger("totalPages")).isEqualTo(2);
  }

  @Test
  @DisplayName("Admins rebuild the pool")
  void adminRebuilds() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));

    HttpResponse<Buffer> response = await(node.post("/api/v1/availability/rebuild", admin, ""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getInteger("realtors")).isEqualTo(1);
    assertThat(response.bodyAsJsonObject().getInteger("available")).isEqualTo(1);
  }

  @Test
  @DisplayName("Bad query parameters get 400 problems")
  void badQueries() throws Exception {
    for (String query :
        List.of(
            "?status=sleeping",
            "?near=52.5",
            "?near=north,east",
            "?near=52.5,13.4,1",
            "?near=95,13.4",
            "?near=52.5,13.4&radiusKm=-1",
            "?near=52.5,13.4&radiusKm=0",
            "?near=52.5,13.4&radiusKm=100000",
            "?near=52.5,13.4&radiusKm=NaN",
            "?radiusKm=10",
            "?status=available&status=booked",
            "?page=0",
            "?size=ten")) {
      HttpResponse<Buffer> response =
          await(node.get("/api/v1/availability/realtors" + query, admin));
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.getHeader("Content-Type"))
          .as(query)
          .startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("Only admins reach the pool's routes")
  void authorizationMatrix() throws Exception {
    assertThat(await(AuthorizationMatrix.violations(node))).isEmpty();
    assertThat(node.node.routes().tables().get("availability").entries()).hasSize(2);
  }
}
