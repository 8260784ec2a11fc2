package io.tourbook.availability;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.availability.model.Booking;
import io.tourbook.availability.model.RealtorAccount;
import io.tourbook.availability.model.Span;
import io.tourbook.availability.store.PoolStore;
import io.tourbook.contracts.GeoPoint;
import io.tourbook.platform.calendar.CalendarRules;
import io.tourbook.platform.calendar.WeeklyHours;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pool's Redis scripts, on a clock fixed at Monday 06:00 UTC with the default rules: working
 * hours MON-FRI 09:00-18:00 UTC, a lead time of 2 hours, travel at 30 km/h, at least 15 minutes
 * between two tours.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The pool's Redis scripts: calendars and claims")
class PoolStoreTest {

  private static final GeoPoint BERLIN = new GeoPoint(52.52, 13.40);
  private static final GeoPoint POTSDAM = new GeoPoint(52.39, 13.06);
  private static final Instant MONDAY = Instant.parse("2030-01-07T00:00:00Z");
  private static final CalendarRules RULES = CalendarRules.from(new JsonObject());

  private Vertx vertx;
  private Redis redis;
  private PoolStore store;

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    this.vertx = vertx;
    JsonObject config = PoolFixtures.freshConfig();
    redis = Redis.createClient(vertx, config.getJsonObject("redis").getString("url"));
    store = storeAt(MONDAY.plus(Duration.ofHours(6)));
    await(store.markBuilt());
  }

  private PoolStore storeAt(Instant now) throws Exception {
    PoolStore at = new PoolStore(redis, Clock.fixed(now, ZoneOffset.UTC), RULES);
    await(at.loadScripts());
    return at;
  }

  @AfterEach
  void close() throws Exception {
    await(redis.close());
  }

  private static RealtorAccount realtor(boolean inPool, long stateAt) {
    return new RealtorAccount(
        "r-1", true, inPool, BERLIN, RULES.defaultHours(), List.of(), stateAt);
  }

  /** A tour of {@code minutes} from day {@code day} (0 = Monday) at hh:mm UTC, around Berlin. */
  private static Booking tour(String id, int day, int hour, int minute, int minutes) {
    return tour(id, day, hour, minute, minutes, BERLIN, BERLIN);
  }

  private static Booking tour(
      String id, int day, int hour, int minute, int minutes, GeoPoint first, GeoPoint last) {
    Instant start = MONDAY.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(hour * 60L + minute));
    return new Booking(
        id,
        start.toEpochMilli(),
        start.plus(Duration.ofMinutes(minutes)).toEpochMilli(),
        first,
        last,
        0);
  }

  private String claim(Booking booking) throws Exception {
    return await(store.claim("r-1", booking));
  }

  @Test
  @DisplayName("An older account state never undoes a newer one")
  void staleStateIsIgnored() throws Exception {
    assertThat(await(store.applyAccount(realtor(true, 2_000)))).isEqualTo("available");

    assertThat(await(store.applyAccount(realtor(false, 1_000)))).isEqualTo("stale");
    assertThat(await(store.nearby(52.52, 13.40, 1, 10))).hasSize(1);

    assertThat(await(store.applyAccount(realtor(false, 2_000)))).isEqualTo("unavailable");
    assertThat(await(store.nearby(52.52, 13.40, 1, 10))).isEmpty();
  }

  @Test
  @DisplayName(
      "One realtor holds tours at 10:00 and 14:00 and two days later; a fourth at 10:00 never fits")
  void manyToursEachInItsSlot() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));

    assertThat(claim(tour("t-1", 0, 10, 0, 75))).isEqualTo("booked");
    assertThat(claim(tour("t-2", 0, 14, 0, 75))).isEqualTo("booked");
    assertThat(claim(tour("t-3", 2, 10, 0, 75))).isEqualTo("booked");
    assertThat(claim(tour("t-4", 0, 10, 0, 75))).isEqualTo("taken");
    assertThat(claim(tour("t-4", 0, 10, 30, 75))).isEqualTo("taken");
    assertThat(claim(tour("t-4", 0, 9, 30, 30))).isEqualTo("taken");

    assertThat(claim(tour("t-1", 0, 10, 0, 75))).as("a retried claim").isEqualTo("booked");
    assertThat(await(store.nearby(52.52, 13.40, 1, 10)))
        .as("a realtor with bookings stays in the pool for other times")
        .hasSize(1);
    JsonArray bookings = await(store.all()).get(0).toJson().getJsonArray("bookings");
    assertThat(bookings).hasSize(3);
  }

  @Test
  @DisplayName("The travel buffer keeps the time to get from the last stop to the next tour free")
  void travelBuffer() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    assertThat(claim(tour("t-1", 0, 10, 0, 60, BERLIN, BERLIN))).isEqualTo("booked");
    double km = BERLIN.distanceKm(POTSDAM);
    assertThat(km).as("about 27 km: some 54 minutes at 30 km/h").isBetween(25.0, 29.0);

    assertThat(claim(tour("t-2", 0, 11, 30, 60, POTSDAM, POTSDAM))).isEqualTo("taken");
    assertThat(claim(tour("t-2", 0, 12, 0, 60, POTSDAM, POTSDAM))).isEqualTo("booked");

    assertThat(claim(tour("t-3", 0, 9, 0, 50, BERLIN, BERLIN)))
        .as("the same place still needs the 15 minutes minimum")
        .isEqualTo("taken");
    assertThat(claim(tour("t-3", 0, 9, 0, 45, BERLIN, BERLIN))).isEqualTo("booked");
    assertThat(claim(tour("t-4", 0, 13, 30, 30, BERLIN, BERLIN)))
        .as("back from Potsdam to Berlin after t-2")
        .isEqualTo("taken");
    assertThat(claim(tour("t-4", 0, 14, 0, 30, BERLIN, BERLIN))).isEqualTo("booked");
  }

  @Test
  @DisplayName("A claim lies in working hours, in the realtor's own time zone when they set one")
  void workingHours() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    assertThat(claim(tour("t-1", 0, 8, 0, 60))).isEqualTo("hours");
    assertThat(claim(tour("t-1", 0, 17, 30, 60))).isEqualTo("hours");
    assertThat(claim(tour("t-1", 5, 10, 0, 60))).as("Saturday").isEqualTo("hours");
    assertThat(claim(tour("t-1", 0, 17, 0, 60))).isEqualTo("booked");

    WeeklyHours saturdays =
        WeeklyHours.of(
            new JsonObject()
                .put("timeZone", "Europe/Berlin")
                .put(
                    "workingHours",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("day", "SAT")
                                .put("start", "10:00")
                                .put("end", "14:00"))),
            RULES.defaultHours());
    await(
        store.applyAccount(
            new RealtorAccount("r-1", true, true, BERLIN, saturdays, List.of(), 2_000)));
    assertThat(claim(tour("t-2", 1, 10, 0, 60))).as("Tuesday").isEqualTo("hours");
    assertThat(claim(tour("t-2", 5, 8, 0, 60))).as("Saturday 09:00 in Berlin").isEqualTo("hours");
    assertThat(claim(tour("t-2", 5, 9, 0, 60))).as("Saturday 10:00 in Berlin").isEqualTo("booked");
  }

  @Test
  @DisplayName("No claim overlaps a blocked-out time")
  void blockedTimes() throws Exception {
    Instant noon = MONDAY.plus(Duration.ofHours(12));
    await(
        store.applyAccount(
            new RealtorAccount(
                "r-1",
                true,
                true,
                BERLIN,
                RULES.defaultHours(),
                List.of(
                    new Span(noon.toEpochMilli(), noon.plus(Duration.ofHours(1)).toEpochMilli())),
                1_000)));

    assertThat(claim(tour("t-1", 0, 12, 30, 60))).isEqualTo("blocked");
    assertThat(claim(tour("t-1", 0, 11, 30, 45))).isEqualTo("blocked");
    assertThat(claim(tour("t-1", 0, 11, 0, 60))).isEqualTo("booked");
    assertThat(claim(tour("t-2", 0, 13, 0, 60))).isEqualTo("booked");
  }

  @Test
  @DisplayName("No claim starts before the lead time")
  void leadTime() throws Exception {
    PoolStore atNine = storeAt(MONDAY.plus(Duration.ofHours(9)));
    await(atNine.applyAccount(realtor(true, 1_000)));

    assertThat(await(atNine.claim("r-1", tour("t-1", 0, 10, 0, 60)))).isEqualTo("lead-time");
    assertThat(await(atNine.claim("r-1", tour("t-1", 0, 10, 59, 60)))).isEqualTo("lead-time");
    assertThat(await(atNine.claim("r-1", tour("t-1", 0, 11, 0, 60)))).isEqualTo("booked");
  }

  @Test
  @DisplayName("An off-duty realtor cannot be claimed; their bookings stay")
  void offDuty() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    assertThat(claim(tour("t-1", 0, 10, 0, 60))).isEqualTo("booked");

    await(store.applyAccount(realtor(false, 2_000)));

    assertThat(claim(tour("t-2", 0, 14, 0, 60))).isEqualTo("off-duty");
    assertThat(await(store.all()).get(0).bookings()).extracting(Booking::tourId).contains("t-1");
  }

  @Test
  @DisplayName("Release frees only that tour's interval")
  void releaseFreesOnlyItsInterval() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    assertThat(claim(tour("t-1", 0, 10, 0, 60))).isEqualTo("booked");
    assertThat(claim(tour("t-2", 0, 14, 0, 60))).isEqualTo("booked");

    assertThat(await(store.release("r-1", "t-1"))).isTrue();
    assertThat(await(store.release("r-1", "t-1"))).isFalse();

    assertThat(claim(tour("t-3", 0, 10, 0, 60))).isEqualTo("booked");
    assertThat(claim(tour("t-4", 0, 14, 0, 60))).isEqualTo("taken");
  }

  @Test
  @DisplayName("A released booking is not brought back by an older look at its assignment")
  void releasedBookingStaysReleased() throws Exception {
    RealtorAccount account = realtor(true, 1_000);
    await(store.applyAccount(account));
    Booking first = tour("t-1", 0, 10, 0, 60);
    assertThat(claim(first)).isEqualTo("booked");
    assertThat(await(store.release("r-1", "t-1"))).isTrue();

    assertThat(await(store.book("r-1", first))).isEqualTo("released");
    assertThat(await(store.rebuildRealtor(account, List.of(first), 0))).isEqualTo("available");
    assertThat(claim(tour("t-2", 0, 10, 0, 60))).isEqualTo("booked");
    assertThat(await(store.book("r-1", tour("t-3", 0, 10, 30, 60)))).isEqualTo("conflict");
    assertThat(await(store.book("r-1", tour("t-3", 0, 14, 0, 60)))).isEqualTo("booked");
  }

  @Test
  @DisplayName("Rebuild books the slots of active assignments Redis no longer knows")
  void rebuildBooksForActiveAssignments() throws Exception {
    RealtorAccount account = realtor(true, 1_000);
    Booking active = tour("t-1", 0, 10, 0, 60);

    assertThat(await(store.rebuildRealtor(account, List.of(active), 0))).isEqualTo("available");
    assertThat(claim(tour("t-2", 0, 10, 0, 60))).isEqualTo("taken");
    assertThat(claim(active)).isEqualTo("booked");
    assertThat(claim(tour("t-2", 0, 14, 0, 60))).isEqualTo("booked");
  }

  @Test
  @DisplayName("Accounts that are not realtors never enter the pool")
  void othersAreIgnored() throws Exception {
    RealtorAccount customer =
        new RealtorAccount("c-1", false, false, BERLIN, RULES.defaultHours(), List.of(), 1_000);

    assertThat(await(store.applyAccount(customer))).isEqualTo("ignored");
    assertThat(await(store.knownRealtors())).isEmpty();
  }

  @Test
  @DisplayName("Scripts still run after Redis forgot them")
  void scriptsSurviveAFlush() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    await(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));

    assertThat(claim(tour("t-1", 0, 10, 0, 60))).isEqualTo("booked");
    assertThat(await(store.release("r-1", "t-1"))).isTrue();
  }

  @Test
  @DisplayName("Without the built marker no claim succeeds")
  void noClaimBeforeBuilt() throws Exception {
    await(store.applyAccount(realtor(true, 1_000)));
    await(redis.send(Request.cmd(Command.DEL).arg(PoolStore.BUILT_KEY)));

    assertThat(await(store.isBuilt())).isFalse();
    assertThat(claim(tour("t-1", 0, 10, 0, 60))).isEqualTo("unbuilt");
  }
}
