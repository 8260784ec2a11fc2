package io.tourbook.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.bench.CalendarFill.Placement;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Calendar fill")
class CalendarFillTest {

  private static final JsonArray PREFERRED =
      new JsonArray()
          .add(new JsonObject().put("start", "2026-12-01T10:00:00.000Z"))
          .add(
              new JsonObject()
                  .put("start", "2026-12-02T13:00:00.000Z")
                  .put("end", "2026-12-02T15:00:00.000Z"));

  private static JsonObject tour(String status, String start, String end) {
    JsonObject tour =
        new JsonObject()
            .put("_id", "t-" + status)
            .put("status", status)
            .put("preferredTimes", PREFERRED.copy());
    if (start != null) {
      tour.put("slot", new JsonObject().put("start", start).put("end", end));
    }
    return tour;
  }

  @Test
  @DisplayName(
      "a slot at an exact preferred start or inside a preferred window is at a requested time")
  void requestedTimes() {
    assertThat(
            CalendarFill.placement(
                tour("SCHEDULED", "2026-12-01T10:00:00Z", "2026-12-01T10:45:00Z"), Set.of()))
        .isEqualTo(Placement.REQUESTED);
    assertThat(
            CalendarFill.placement(
                tour("SCHEDULED", "2026-12-02T14:15:00Z", "2026-12-02T15:00:00Z"), Set.of()))
        .isEqualTo(Placement.REQUESTED);
  }

  @Test
  @DisplayName("a slot off the exact start or past a window's end is at another time")
  void otherTimes() {
    assertThat(
            CalendarFill.placement(
                tour("SCHEDULED", "2026-12-01T10:15:00Z", "2026-12-01T11:00:00Z"), Set.of()))
        .isEqualTo(Placement.OTHER);
    assertThat(
            CalendarFill.placement(
                tour("SCHEDULED", "2026-12-02T14:30:00Z", "2026-12-02T15:15:00Z"), Set.of()))
        .isEqualTo(Placement.OTHER);
  }

  @Test
  @DisplayName(
      "a PENDING tour on the waiting list is waiting; one not yet tried and a cancelled one are not placed")
  void waitingAndUnplaced() {
    assertThat(CalendarFill.placement(tour("PENDING", null, null), Set.of("t-PENDING")))
        .isEqualTo(Placement.WAITING);
    assertThat(CalendarFill.placement(tour("PENDING", null, null), Set.of())).isNull();
    assertThat(CalendarFill.placement(tour("CANCELLED", null, null), Set.of())).isNull();
  }

  @Test
  @DisplayName(
      "seeded preferred times are reproducible, on the given business days, within business hours")
  void seededPreferredTimes() {
    List<LocalDate> days = Population.businessDays(LocalDate.of(2026, 12, 4), 10);
    JsonArray first = Population.preferredTimes(new Random(3), days);

    assertThat(days).hasSize(10).first().isEqualTo(LocalDate.of(2026, 12, 7));
    assertThat(days)
        .noneMatch(
            day ->
                day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY);
    assertThat(Population.preferredTimes(new Random(3), days)).isEqualTo(first);
    for (int i = 0; i < 200; i++) {
      for (Object item : Population.preferredTimes(new Random(i), days)) {
        JsonObject time = (JsonObject) item;
        Instant start = Instant.parse(time.getString("start"));
        Instant end =
            time.containsKey("end")
                ? Instant.parse(time.getString("end"))
                : start.plusSeconds(45 * 60);
        LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
        assertThat(days).contains(day);
        assertThat(start.atZone(ZoneOffset.UTC).getMinute() % 15).isZero();
        assertThat(start)
            .isAfterOrEqualTo(day.atTime(LocalTime.of(9, 0)).toInstant(ZoneOffset.UTC));
        assertThat(end)
            .isBeforeOrEqualTo(day.atTime(LocalTime.of(18, 0)).toInstant(ZoneOffset.UTC));
      }
    }
  }
}
