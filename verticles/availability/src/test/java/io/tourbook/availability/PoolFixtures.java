package io.tourbook.availability;

import static io.tourbook.platform.testsupport.Eventually.await;

import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** What the pool's tests share: a node running availability, and blocking helpers. */
final class PoolFixtures {

  private PoolFixtures() {}

  /** Fresh data, and a config without the periodic reconciliation (tests ask for rebuilds). */
  static JsonObject freshConfig() {
    return TestNode.freshConfig(
        config -> config.getJsonObject("availability").put("reconcile-interval-ms", 0));
  }

  static TestNode start(Vertx vertx, JsonObject config) throws Exception {
    return await(TestNode.start(vertx, config, List.of(new AvailabilityModule())));
  }

  static AvailabilityService proxy(Vertx vertx) {
    return AvailabilityService.createProxy(vertx, 10_000);
  }

  /** The realtor as the admin pool query shows it, if the pool knows them. */
  static Optional<JsonObject> entry(AvailabilityService pool, String realtorId) {
    JsonArray all = unchecked(pool.pool(Double.NaN, Double.NaN, Double.NaN, null));
    return all.stream()
        .map(JsonObject.class::cast)
        .filter(item -> realtorId.equals(item.getString("realtorId")))
        .findFirst();
  }

  static String status(AvailabilityService pool, String realtorId) {
    return entry(pool, realtorId).map(item -> item.getString("status")).orElse("unknown");
  }

  /**
   * Realtors near the point who could take a one-hour tour on the business day of {@link #day}(3):
   * the realtors on duty there (and free that day).
   */
  static List<String> availableNear(AvailabilityService pool, double lat, double lon) {
    Instant day = day(3);
    return unchecked(
            pool.findFree(
                query(lat, lon, day.plus(Duration.ofHours(9)), day.plus(Duration.ofHours(18)), 60)))
        .stream()
        .map(JsonObject.class::cast)
        .map(item -> item.getString("realtorId"))
        .toList();
  }

  /** A findFree query for a tour of {@code minutes} in the window, within 50 km. */
  static JsonObject query(double lat, double lon, Instant start, Instant end, int minutes) {
    return new JsonObject()
        .put("lat", lat)
        .put("lon", lon)
        .put("radiusKm", 50)
        .put("limit", 100)
        .put("tourId", "query")
        .put("lengthSeconds", minutes * 60)
        .put("window", new JsonObject().put("start", start.toString()).put("end", end.toString()));
  }

  /**
   * Midnight UTC of the {@code n}-th weekday after tomorrow: far enough ahead for the default lead
   * time, inside the default working week (MON-FRI, 09:00-18:00 UTC).
   */
  static Instant day(int n) {
    LocalDate date = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    int found = 0;
    while (true) {
      date = date.plusDays(1);
      if (date.getDayOfWeek() != DayOfWeek.SATURDAY && date.getDayOfWeek() != DayOfWeek.SUNDAY) {
        found++;
        if (found == n) {
          return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
      }
    }
  }

  /** A slot {start, end} from {@code start} for {@code minutes}. */
  static JsonObject slot(Instant start, int minutes) {
    return new JsonObject()
        .put("start", start.toString())
        .put("end", start.plus(Duration.ofMinutes(minutes)).toString());
  }

  /** {@code day} at {@code hh:mm} UTC. */
  static Instant at(Instant day, int hour, int minute) {
    return day.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }

  static <T> T unchecked(Future<T> future) {
    try {
      return await(future);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
