package io.tourbook.availability;

import static io.tourbook.availability.PoolFixtures.at;
import static io.tourbook.availability.PoolFixtures.availableNear;
import static io.tourbook.availability.PoolFixtures.day;
import static io.tourbook.availability.PoolFixtures.entry;
import static io.tourbook.availability.PoolFixtures.slot;
import static io.tourbook.availability.PoolFixtures.status;
import static io.tourbook.platform.testsupport.Eventually.await;
import static io.tourbook.platform.testsupport.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Rebuilding the pool from iam and assignment state")
class PoolRebuildTest {

  private TestNode node;
  private Redis redis;

  @AfterEach
  void stop() throws Exception {
    if (redis != null) {
      await(redis.close());
    }
    await(node.stop());
  }

  private AvailabilityService start(Vertx vertx, JsonObject config) throws Exception {
    node = PoolFixtures.start(vertx, config);
    redis = Redis.createClient(vertx, config.getJsonObject("redis").getString("url"));
    return PoolFixtures.proxy(vertx);
  }

  private void flushRedis() throws Exception {
    await(redis.send(Request.cmd(Command.FLUSHALL)));
  }

  private JsonObject adminRebuild() throws Exception {
    HttpResponse<Buffer> response =
        await(node.post("/api/v1/availability/rebuild", node.token("admin-1", Roles.ADMIN), ""));
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  @Test
  @DisplayName(
      "After FLUSHALL, rebuild restores the pool and every active slot, none is booked twice")
  void rebuildAfterFlush(Vertx vertx) throws Exception {
    JsonObject config = PoolFixtures.freshConfig();
    config.getJsonObject("availability").put("rebuild-on-miss", false);
    AvailabilityService pool = start(vertx, config);
    OwnerWrites owners = new OwnerWrites(vertx, config);
    await(owners.realtor("free", 52.52, 13.40, true));
    await(owners.realtor("busy", 52.52, 13.41, true));
    await(owners.realtor("off", 52.52, 13.42, false));
    await(owners.realtor("done", 52.52, 13.43, true));
    until("three available", () -> availableNear(pool, 52.52, 13.40).size() == 3);
    JsonObject ten = slot(at(day(1), 10, 0), 60);
    assertThat(await(pool.claim("busy", "tour-1", ten))).isTrue();
    await(owners.assign("busy", "tour-1", ten));
    assertThat(await(pool.claim("done", "tour-2", ten))).isTrue();
    await(owners.release(await(owners.assign("done", "tour-2", ten))));
    await(pool.release("done", "tour-2"));
    // Events applied after the rebuild would book again what the rebuild restored.
    node.drained("iam.accounts.availability");
    node.drained("assignment.assignments.availability");

    flushRedis();

    assertThat(availableNear(pool, 52.52, 13.40)).isEmpty();
    assertThat(await(pool.claim("free", "tour-3", ten)))
        .as("no claim succeeds while the pool is not rebuilt")
        .isFalse();

    JsonObject counts = adminRebuild();

    assertThat(counts.getInteger("realtors")).isEqualTo(4);
    assertThat(counts.getInteger("available")).isEqualTo(3);
    assertThat(availableNear(pool, 52.52, 13.40)).containsExactly("free", "busy", "done");
    JsonArray busy = entry(pool, "busy").orElseThrow().getJsonArray("bookings");
    assertThat(busy).hasSize(1);
    assertThat(busy.getJsonObject(0).getString("tourId")).isEqualTo("tour-1");
    assertThat(status(pool, "off")).isEqualTo("unavailable");

    List<Future<Boolean>> claims = new ArrayList<>();
    for (String realtor : List.of("free", "busy", "off", "done")) {
      for (int tour = 10; tour < 15; tour++) {
        claims.add(pool.claim(realtor, "tour-" + realtor + "-" + tour, ten));
      }
    }
    await(Future.join(claims));
    long won = claims.stream().filter(Future::result).count();
    assertThat(won).as("only free and done are free at ten, once each").isEqualTo(2);
  }

  @Test
  @DisplayName("A flushed pool rebuilds itself when assignment looks for realtors")
  void rebuildOnMiss(Vertx vertx) throws Exception {
    JsonObject config = PoolFixtures.freshConfig();
    AvailabilityService pool = start(vertx, config);
    OwnerWrites owners = new OwnerWrites(vertx, config);
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));

    flushRedis();

    assertThat(availableNear(pool, 52.52, 13.40)).containsExactly("r-1");
    assertThat(await(pool.claim("r-1", "tour-1", slot(at(day(1), 10, 0), 60)))).isTrue();
  }

  @Test
  @DisplayName("Rebuild ends a booking whose assignment was never stored, and keeps young ones")
  void orphanedBookingEnds(Vertx vertx) throws Exception {
    JsonObject config = PoolFixtures.freshConfig();
    config.getJsonObject("availability").put("claim-grace-ms", 0);
    AvailabilityService pool = start(vertx, config);
    OwnerWrites owners = new OwnerWrites(vertx, config);
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    long claimed = System.currentTimeMillis();
    assertThat(await(pool.claim("r-1", "tour-lost", slot(at(day(1), 10, 0), 60)))).isTrue();
    until("the claim is older than the rebuild", () -> System.currentTimeMillis() > claimed + 1);

    adminRebuild();

    assertThat(entry(pool, "r-1").orElseThrow().getJsonArray("bookings")).isEmpty();
  }

  @Test
  @DisplayName(
      "Rebuild keeps a booking younger than the grace time: its assignment may be on its way")
  void youngBookingStays(Vertx vertx) throws Exception {
    JsonObject config = PoolFixtures.freshConfig();
    config.getJsonObject("availability").put("claim-grace-ms", 600_000);
    AvailabilityService pool = start(vertx, config);
    OwnerWrites owners = new OwnerWrites(vertx, config);
    await(owners.realtor("r-1", 52.52, 13.40, true));
    until("r-1 available", () -> availableNear(pool, 52.52, 13.40).contains("r-1"));
    assertThat(await(pool.claim("r-1", "tour-new", slot(at(day(1), 10, 0), 60)))).isTrue();

    adminRebuild();

    JsonArray bookings = entry(pool, "r-1").orElseThrow().getJsonArray("bookings");
    assertThat(bookings).hasSize(1);
    assertThat(bookings.getJsonObject(0).getString("tourId")).isEqualTo("tour-new");
  }
}
