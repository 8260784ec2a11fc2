package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.node.NodeRuntime;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.tourbook.scheduling.SchedulingModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Many customers, few realtors' calendars")
class ContentionTest {

  private static final int CUSTOMERS = 50;
  private static final int REALTORS = 10;
  private static final double LAT = 52.5200;
  private static final double LON = 13.4050;
  private static final Duration RUN_DEADLINE = Duration.ofMinutes(4);

  /** Something that happens to the platform once the first tours are scheduled. */
  @FunctionalInterface
  interface MidRun {
    void happen() throws Exception;
  }

  @Test
  @DisplayName(
      "50 checkouts near 10 realtors for the same hour: 10 at that hour, 40 later that day, all 50 scheduled, with Redis wiped and rebuilt mid-run and no realtor's tours ever overlapping")
  void fiftyCustomersTenRealtors(Vertx vertx) throws Exception {
    MovableClock clock = new MovableClock();
    Platform platform = Platform.start(vertx, ContentionTest::configure, services(clock, null));
    try {
      run(platform, () -> wipeRedisAndRebuild(vertx, platform));
    } finally {
      await(platform.node.stop());
    }
  }

  static void configure(JsonObject config) {
    config.getJsonObject("scheduling").put("reminder-scan-ms", 200);
    config.getJsonObject("assignment").put("retry-interval-ms", 500);
    config
        .getJsonObject("availability")
        .put("reconcile-interval-ms", 1000)
        .put("claim-grace-ms", 2000);
  }

  /** Every service, scheduling on the movable clock, without {@code excluded}. */
  static List<ServiceModule> services(MovableClock clock, String excluded) {
    List<ServiceModule> services = new ArrayList<>();
    for (ServiceModule module : NodeRuntime.availableServices()) {
      if (!module.name().equals(excluded)) {
        services.add(module.name().equals("scheduling") ? new SchedulingModule(clock) : module);
      }
    }
    return services;
  }

  /** The journey of 50 customers, with {@code midRun} once the first tours are scheduled. */
  static void run(Platform platform, MidRun midRun) throws Exception {
    run(platform, midRun, () -> platform.node);
  }

  /** The same, with the admin's assignment queries answered by {@code assignments}. */
  static void run(Platform platform, MidRun midRun, Supplier<TestNode> assignments)
      throws Exception {
    String admin = platform.adminToken;

    String providerEmail = Platform.email("provider");
    String providerId = platform.register("provider", providerEmail, new JsonObject());
    platform.verify(providerId);
    String providerToken = platform.login(providerEmail, Platform.PASSWORD);
    String listingId = createListing(platform, providerToken);

    List<String> realtors = new ArrayList<>();
    for (int i = 0; i < REALTORS; i++) {
      realtors.add(availableRealtor(platform, i));
    }
    platform.poll(
        "/api/v1/availability/realtors?status=available&size=100",
        admin,
        page -> page.getJsonArray("items").size() == REALTORS);

    List<String> customers = new ArrayList<>();
    for (int i = 0; i < CUSTOMERS; i++) {
      String email = Platform.email("customer" + i);
      platform.register("customer", email, new JsonObject());
      String token = platform.login(email, Platform.PASSWORD);
      HttpResponse<Buffer> added =
          platform.call(
              HttpMethod.POST,
              "/api/v1/carts/me/items",
              token,
              new JsonObject().put("listingId", listingId));
      assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
      customers.add(token);
    }
    List<Future<HttpResponse<Buffer>>> checkouts = new ArrayList<>();
    for (String customer : customers) {
      checkouts.add(
          platform.checkout(
              customer,
              UUID.randomUUID().toString(),
              new JsonObject()
                  .put("paymentToken", "tok_visa")
                  .put("preferredTimes", Platform.preferredTimes())));
    }
    assertThat(await(Future.all(checkouts)).<HttpResponse<Buffer>>list())
        .extracting(HttpResponse::statusCode)
        .containsOnly(201);

    Set<String> scheduled = new HashSet<>();
    long end = System.nanoTime() + RUN_DEADLINE.toNanos();
    Callable<JsonObject> progress =
        () -> {
          JsonArray tours =
              platform
                  .get("/api/v1/tours?size=100", admin)
                  .bodyAsJsonObject()
                  .getJsonArray("items");
          for (Object item : tours) {
            JsonObject tour = (JsonObject) item;
            if (tour.getString("status").equals("SCHEDULED")) {
              scheduled.add(tour.getString("id"));
            }
          }
          return new JsonObject()
              .put("scheduled", scheduled.size())
              .put(
                  "waiting",
                  query(assignments, "/api/v1/assignments/waiting?size=100", admin)
                      .getLong("total"));
        };
    Eventually.until(
        "the first tours scheduled",
        RUN_DEADLINE,
        progress,
        seen -> seen.getInteger("scheduled") >= REALTORS);
    midRun.happen();
    Eventually.until(
        "all tours scheduled",
        Duration.ofNanos(end - System.nanoTime()),
        progress,
        seen -> seen.getInteger("scheduled") == CUSTOMERS);

    JsonObject active = query(assignments, "/api/v1/assignments?status=active&size=100", admin);
    assertThat(active.getLong("total")).isEqualTo(CUSTOMERS);
    assertThat(realtorsOf(active)).containsAll(realtors);
    Instant asked = Instant.parse(Platform.preferredTimes().getJsonObject(0).getString("start"));
    long atAskedTime =
        active.getJsonArray("items").stream()
            .map(item -> ((JsonObject) item).getJsonObject("slot"))
            .filter(slot -> Instant.parse(slot.getString("start")).equals(asked))
            .count();
    assertThat(atAskedTime).as("each realtor takes one tour at the time asked for").isEqualTo(10);
    JsonArray schedules =
        platform.get("/api/v1/schedules?size=100", admin).bodyAsJsonObject().getJsonArray("items");
    assertThat(schedules.stream().map(s -> ((JsonObject) s).getString("tourId")).distinct().count())
        .isEqualTo(CUSTOMERS);
    assertNoOverlaps(schedules);
    JsonObject all = query(assignments, "/api/v1/assignments?size=100", admin);
    assertThat(all.getLong("total")).as("one assignment per tour").isEqualTo(CUSTOMERS);
    assertThat(platform.get("/api/v1/tours?size=100", admin).bodyAsJsonObject().getLong("total"))
        .isEqualTo(CUSTOMERS);
  }

  private static JsonObject query(Supplier<TestNode> node, String path, String token)
      throws Exception {
    HttpResponse<Buffer> response = await(node.get().get(path, token));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static String createListing(Platform platform, String providerToken) throws Exception {
    return platform.createListing(providerToken, Platform.listing("Loft", LAT, LON, 20));
  }

  static String availableRealtor(Platform platform, int index) throws Exception {
    return platform.availableRealtor(
        Platform.email("realtor" + index),
        new JsonObject().put("lat", LAT + 0.001 * (index + 1)).put("lon", LON - 0.001 * index));
  }

  /** Redis keeps nothing: FLUSHALL, then the admin's rebuild restores the pool from state. */
  private static void wipeRedisAndRebuild(Vertx vertx, Platform platform) throws Exception {
    Redis redis =
        Redis.createClient(
            Vertx.currentContext() == null ? Vertx.vertx() : Vertx.currentContext().owner(),
            TestBackingServices.get().settings().redisUrl());
    try {
      await(redis.send(Request.cmd(Command.FLUSHALL)));
    } finally {
      redis.close();
    }
    HttpResponse<Buffer> rebuilt =
        platform.call(HttpMethod.POST, "/api/v1/availability/rebuild", platform.adminToken, null);
    assertThat(rebuilt.statusCode()).as(rebuilt.bodyAsString()).isEqualTo(200);
    JsonObject pool =
        platform
            .get("/api/v1/availability/realtors?size=100", platform.adminToken)
            .bodyAsJsonObject();
    assertThat(pool.getJsonArray("items")).hasSize(REALTORS);
  }

  private static List<String> realtorsOf(JsonObject assignments) {
    return assignments.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("realtorId"))
        .collect(Collectors.toList());
  }

  private static void assertNoOverlaps(JsonArray schedules) {
    Map<String, List<Instant[]>> byRealtor = new HashMap<>();
    for (Object item : schedules) {
      JsonObject schedule = (JsonObject) item;
      if ("cancelled".equals(schedule.getString("status"))) {
        continue;
      }
      byRealtor
          .computeIfAbsent(schedule.getString("realtorId"), r -> new ArrayList<>())
          .add(
              new Instant[] {
                Instant.parse(schedule.getString("start")), Instant.parse(schedule.getString("end"))
              });
    }
    byRealtor.forEach(
        (realtor, slots) -> {
          slots.sort((a, b) -> a[0].compareTo(b[0]));
          for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i)[0])
                .as("realtor %s: slot %d starts after the previous one ends", realtor, i)
                .isAfterOrEqualTo(slots.get(i - 1)[1]);
          }
        });
  }
}
