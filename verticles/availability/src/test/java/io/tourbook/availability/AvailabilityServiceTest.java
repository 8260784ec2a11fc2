package io.tourbook.availability;

import static io.tourbook.availability.PoolFixtures.at;
import static io.tourbook.availability.PoolFixtures.availableNear;
import static io.tourbook.availability.PoolFixtures.day;
import static io.tourbook.availability.PoolFixtures.entry;
import static io.tourbook.availability.PoolFixtures.slot;
import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("availability.service over the real Redis")
class AvailabilityServiceTest {

  private TestNode node;
  private OwnerWrites owners;
  private AvailabilityService pool;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    JsonObject config = PoolFixtures.freshConfig();
    node = PoolFixtures.start(vertx, config);
    owners = new OwnerWrites(vertx, config);
    pool = PoolFixtures.proxy(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(node.stop());
  }

  @Test
  @DisplayName("Twenty concurrent claims of one realtor's slot: exactly one wins")
  void concurrentClaimsBookOnce() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 in the pool", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    Instant ten = at(day(1), 10, 0);

    List<Future<Boolean>> claims = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      claims.add(pool.claim("r-1", "tour-" + i, slot(ten.plus(Duration.ofMinutes(i)), 60)));
    }
    await(Future.join(claims));

    List<String> winners = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      if (claims.get(i).result()) {
        winners.add("tour-" + i);
      }
    }
    assertThat(winners).hasSize(1);
    JsonArray bookings = entry(pool, "r-1").orElseThrow().getJsonArray("bookings");
    assertThat(bookings).hasSize(1);
    assertThat(bookings.getJsonObject(0).getString("tourId")).isEqualTo(winners.get(0));
    assertThat(availableNear(pool, 52.52, 13.40)).contains("r-1");
  }

  @Test
  @DisplayName("A claim is idempotent for its tour, and a release frees only that tour's slot")
  void claimAndRelease() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 in the pool", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    Instant ten = at(day(1), 10, 0);

    assertThat(await(pool.claim("r-1", "tour-a", slot(ten, 60)))).isTrue();
    assertThat(await(pool.claim("r-1", "tour-a", slot(ten, 60)))).isTrue();
    assertThat(await(pool.claim("r-1", "tour-b", slot(ten, 60)))).isFalse();
    assertThat(await(pool.claim("r-1", "tour-c", slot(at(day(1), 14, 0), 60)))).isTrue();

    await(pool.release("r-1", "tour-b"));
    assertThat(entry(pool, "r-1").orElseThrow().getJsonArray("bookings")).hasSize(2);

    await(pool.release("r-1", "tour-a"));
    assertThat(entry(pool, "r-1").orElseThrow().getJsonArray("bookings")).hasSize(1);
    assertThat(await(pool.claim("r-1", "tour-b", slot(ten, 60)))).isTrue();
    assertThat(await(pool.claim("r-1", "tour-d", slot(at(day(1), 14, 30), 60)))).isFalse();
  }

  @Test
  @DisplayName("findFree lists on-duty realtors free in the window, nearest first, up to limit")
  void findFreeNearestFirst() throws Exception {
    await(owners.realtor("near", 52.521, 13.401, true));
    await(owners.realtor("mid", 52.55, 13.45, true));
    await(owners.realtor("far", 52.70, 13.80, true));
    await(owners.realtor("away", 48.14, 11.58, true));
    await(owners.realtor("off", 52.52, 13.40, false));
    await(owners.realtor("busy", 52.52, 13.40, true));
    until("five in the pool", () -> availableNear(pool, 52.52, 13.40).size() == 4);
    Instant ten = at(day(1), 10, 0);
    assertThat(await(pool.claim("busy", "tour-1", slot(ten, 90)))).isTrue();

    JsonObject query = PoolFixtures.query(52.52, 13.40, ten, ten.plus(Duration.ofHours(1)), 60);
    JsonArray found = await(pool.findFree(query.copy().put("radiusKm", 40)));

    assertThat(found.stream().map(item -> ((JsonObject) item).getString("realtorId")))
        .containsExactly("near", "mid", "far");
    JsonObject nearest = found.getJsonObject(0);
    assertThat(nearest.getDouble("distanceKm")).isLessThan(0.5);
    assertThat(nearest.getJsonObject("location").getDouble("lat")).isCloseTo(52.521, within());
    assertThat(nearest.getString("start")).isEqualTo(ten.toString());
    assertThat(nearest.getString("end")).isEqualTo(ten.plus(Duration.ofHours(1)).toString());
    // The nearest realtor is busy, so a small limit still takes the next ones in distance order.
    for (int limit = 1; limit <= 2; limit++) {
      JsonArray first = await(pool.findFree(query.copy().put("radiusKm", 40).put("limit", limit)));
      assertThat(first.stream().map(item -> ((JsonObject) item).getString("realtorId")))
          .containsExactlyElementsOf(List.of("near", "mid").subList(0, limit));
    }
  }

  @Test
  @DisplayName("findFree honours the window's end, and an exact start is only that start")
  void findFreeHonoursWindowEnd() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 in the pool", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    Instant ten = at(day(1), 10, 0);
    assertThat(await(pool.claim("r-1", "tour-1", slot(ten, 30)))).isTrue();

    assertThat(await(pool.findFree(PoolFixtures.query(52.52, 13.40, ten, at(day(1), 11, 30), 60))))
        .as("10:45 is the earliest start, and 11:45 is after the window's end")
        .isEmpty();
    JsonArray later =
        await(pool.findFree(PoolFixtures.query(52.52, 13.40, ten, at(day(1), 11, 45), 60)));
    assertThat(later).hasSize(1);
    assertThat(later.getJsonObject(0).getString("start")).isEqualTo(at(day(1), 10, 45).toString());
    assertThat(
            await(
                pool.findFree(
                    PoolFixtures.query(52.52, 13.40, ten, at(day(1), 12, 0), 60)
                        .put("exact", true))))
        .isEmpty();
    assertThat(await(pool.claim("r-1", "tour-2", slot(at(day(1), 10, 45), 60)))).isTrue();
  }

  @Test
  @DisplayName(
      "findFree meets the bookings just outside the window, whatever else the realtor holds")
  void findFreeSeesBookingsAroundTheWindow() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 in the pool", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    assertThat(await(pool.claim("r-1", "early", slot(at(day(1), 9, 0), 60)))).isTrue();
    assertThat(await(pool.claim("r-1", "late", slot(at(day(1), 12, 0), 60)))).isTrue();
    for (int n = 2; n <= 5; n++) {
      for (int hour = 9; hour < 17; hour += 2) {
        assertThat(await(pool.claim("r-1", "d" + n + "-" + hour, slot(at(day(n), hour, 0), 60))))
            .isTrue();
      }
    }

    assertThat(
            await(
                pool.findFree(
                    PoolFixtures.query(52.52, 13.40, at(day(1), 10, 0), at(day(1), 12, 0), 60))))
        .as("the booking ending at 10:00 leaves its 15-minute buffer")
        .singleElement()
        .extracting(item -> ((JsonObject) item).getString("start"))
        .isEqualTo(at(day(1), 10, 15).toString());
    JsonObject beforeLate =
        PoolFixtures.query(52.52, 13.40, at(day(1), 10, 50), at(day(1), 12, 0), 60);
    assertThat(await(pool.findFree(beforeLate)))
        .as("10:50-11:50 leaves no buffer before the booking at 12:00, the window's end")
        .isEmpty();
    assertThat(await(pool.findFree(beforeLate.copy().put("tourId", "late"))))
        .as("placing the 12:00 tour again ignores its own booking")
        .singleElement()
        .extracting(item -> ((JsonObject) item).getString("start"))
        .isEqualTo(at(day(1), 10, 50).toString());
  }

  @Test
  @DisplayName("Arguments out of range fail with INVALID and change nothing")
  void invalidArguments() throws Exception {
    Instant ten = at(day(1), 10, 0);
    JsonObject good = PoolFixtures.query(52.5, 13.4, ten, ten.plus(Duration.ofHours(2)), 60);
    assertInvalid(pool.findFree(good.copy().put("lat", 91)));
    assertInvalid(pool.findFree(good.copy().put("lon", 181)));
    assertInvalid(pool.findFree(good.copy().putNull("lat")));
    assertInvalid(pool.findFree(good.copy().put("radiusKm", 0)));
    assertInvalid(pool.findFree(good.copy().put("radiusKm", 100_000)));
    assertInvalid(pool.findFree(good.copy().put("limit", 0)));
    assertInvalid(pool.findFree(good.copy().put("lengthSeconds", 3 * 3600)));
    assertInvalid(pool.findFree(good.copy().put("window", new JsonObject())));
    assertInvalid(pool.claim("", "tour-1", slot(ten, 60)));
    assertInvalid(pool.claim("r-1", "tour-1", new JsonObject().put("start", ten.toString())));
    assertInvalid(pool.release("r-1", " "));
    assertInvalid(pool.pool(52.5, Double.NaN, 10, null));
    assertInvalid(pool.pool(Double.NaN, Double.NaN, Double.NaN, "sleeping"));
    assertThat(await(pool.pool(Double.NaN, Double.NaN, Double.NaN, null))).isEmpty();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.0001);
  }

  private static void assertInvalid(Future<?> call) {
    assertThatThrownBy(() -> await(call))
        .hasCauseInstanceOf(ServiceException.class)
        .cause()
        .satisfies(
            failure ->
                assertThat(((ServiceException) failure).failureCode())
                    .isEqualTo(AvailabilityService.INVALID));
  }
}
