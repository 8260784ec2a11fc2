package io.tourbook.availability;

import static io.tourbook.availability.PoolTesting.availableNear;
import static io.tourbook.availability.PoolTesting.await;
import static io.tourbook.availability.PoolTesting.entry;
import static io.tourbook.availability.PoolTesting.eventually;
import static io.tourbook.availability.PoolTesting.status;
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
    JsonObject config = PoolTesting.freshConfig();
    node = PoolTesting.start(vertx, config);
    owners = new OwnerWrites(vertx, config);
    pool = PoolTesting.proxy(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    await(node.stop());
  }

  @Test
  @DisplayName("Twenty concurrent claims on one realtor: exactly one wins")
  void concurrentClaimsBookOnce() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    eventually("r-1 in the pool", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));

    List<Future<Boolean>> claims = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      claims.add(pool.claim("r-1", "tour-" + i));
    }
    await(Future.join(claims));

    List<String> winners = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      if (claims.get(i).result()) {
        winners.add("tour-" + i);
      }
    }
    assertThat(winners).hasSize(1);
    JsonObject booked = entry(pool, "r-1").orElseThrow();
    assertThat(booked.getString("status")).isEqualTo("booked");
    assertThat(booked.getString("currentTour")).isEqualTo(winners.get(0));
    assertThat(availableNear(pool, 52.52, 13.40)).doesNotContain("r-1");
  }

  @Test
  @DisplayName("A claim is idempotent for its tour, and only that tour's release frees the realtor")
  void claimAndRelease() throws Exception {
    await(owners.realtor("r-1", 52.52, 13.40, true));
    eventually("r-1 in the pool", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));

    assertThat(await(pool.claim("r-1", "tour-a"))).isTrue();
    assertThat(await(pool.claim("r-1", "tour-a"))).isTrue();
    assertThat(await(pool.claim("r-1", "tour-b"))).isFalse();

    await(pool.release("r-1", "tour-b"));
    assertThat(status(pool, "r-1")).isEqualTo("booked");

    await(pool.release("r-1", "tour-a"));
    assertThat(status(pool, "r-1")).isEqualTo("available");
    assertThat(entry(pool, "r-1").orElseThrow().containsKey("currentTour")).isFalse();
    assertThat(availableNear(pool, 52.52, 13.40)).contains("r-1");
    assertThat(await(pool.claim("r-1", "tour-b"))).isTrue();
  }

  @Test
  @DisplayName("findAvailable lists available realtors in the radius, nearest first, up to limit")
  void findAvailableNearestFirst() throws Exception {
    await(owners.realtor("near", 52.521, 13.401, true));
    await(owners.realtor("mid", 52.55, 13.45, true));
    await(owners.realtor("far", 52.70, 13.80, true));
    await(owners.realtor("away", 48.14, 11.58, true));
    await(owners.realtor("off", 52.52, 13.40, false));
    await(owners.realtor("busy", 52.52, 13.40, true));
    eventually("five in the pool", () -> availableNear(pool, 52.52, 13.40).size() == 4);
    assertThat(await(pool.claim("busy", "tour-1"))).isTrue();

    JsonArray found = await(pool.findAvailable(52.52, 13.40, 40, 10));

    assertThat(found.stream().map(item -> ((JsonObject) item).getString("realtorId")))
        .containsExactly("near", "mid", "far");
    JsonObject nearest = found.getJsonObject(0);
    assertThat(nearest.getDouble("distanceKm")).isLessThan(0.5);
    assertThat(nearest.getJsonObject("location").getDouble("lat")).isCloseTo(52.521, within());
    assertThat(nearest.getJsonObject("location").getDouble("lon")).isCloseTo(13.401, within());
    assertThat(await(pool.findAvailable(52.52, 13.40, 40, 2))).hasSize(2);
  }

  @Test
  @DisplayName("Arguments out of range fail with INVALID and change nothing")
  void invalidArguments() throws Exception {
    assertInvalid(pool.findAvailable(91, 13.4, 10, 5));
    assertInvalid(pool.findAvailable(52.5, 181, 10, 5));
    assertInvalid(pool.findAvailable(Double.NaN, 13.4, 10, 5));
    assertInvalid(pool.findAvailable(52.5, 13.4, 0, 5));
    assertInvalid(pool.findAvailable(52.5, 13.4, 100_000, 5));
    assertInvalid(pool.findAvailable(52.5, 13.4, 10, 0));
    assertInvalid(pool.claim("", "tour-1"));
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
