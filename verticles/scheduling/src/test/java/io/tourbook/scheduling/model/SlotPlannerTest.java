package io.tourbook.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tourbook.scheduling.model.TourRequest.Stop;
import io.tourbook.scheduling.model.TourRequest.Window;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlotPlannerTest {

  private static final List<Stop> TWO_STOPS =
      List.of(new Stop("a", "Flat A", null, 0), new Stop("b", "Flat B", null, 5.0));

  private static SchedulingSettings settings(JsonObject scheduling) {
    JsonObject section =
        new JsonObject()
            .put("time-zone", "UTC")
            .put("business-days", "MON-FRI")
            .put("business-hours", new JsonObject().put("start", "09:00").put("end", "18:00"))
            .put("lead-time-minutes", 60)
            .put("base-minutes", 15)
            .put("per-listing-minutes", 30)
            .put("travel-kmh", 30)
            .put("slot-step-minutes", 15)
            .mergeIn(scheduling);
    return SchedulingSettings.from(new JsonObject().put("scheduling", section));
  }

  private static final SlotPlanner PLANNER = new SlotPlanner(settings(new JsonObject()));

  @Test
  @DisplayName("Each stop's visit is laid out in the booked slot, travel between them")
  void laysStopsOutInTheSlot() {
    Instant start = Instant.parse("2031-03-03T10:00:00Z");
    Window booked = new Window(start, start.plus(Duration.ofMinutes(85)));

    Slot slot = PLANNER.layout(booked, TWO_STOPS);

    assertThat(slot.start()).isEqualTo(start);
    assertThat(slot.end()).as("the booked end, as assignment computed it").isEqualTo(booked.end());
    // 30 min at A, 10 min for 5 km at 30 km/h, 30 min at B.
    assertThat(slot.stops())
        .extracting(Slot.StopTime::listingId, Slot.StopTime::start, Slot.StopTime::end)
        .containsExactly(
            tuple("a", start, start.plus(Duration.ofMinutes(30))),
            tuple("b", start.plus(Duration.ofMinutes(40)), start.plus(Duration.ofMinutes(70))));
  }

  @Test
  @DisplayName("Settings read day ranges, lists and midnight, and reject nonsense")
  void settingsParsing() {
    assertThat(SchedulingSettings.days("MON-FRI"))
        .containsExactlyInAnyOrder(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);
    assertThat(SchedulingSettings.days("SAT-MON"))
        .isEqualTo(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY));
    assertThat(SchedulingSettings.days(new JsonArray(Arrays.asList("wed", "FRI"))))
        .isEqualTo(Set.of(DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY));
    SchedulingSettings allDay =
        settings(
            new JsonObject()
                .put("business-hours", new JsonObject().put("start", "00:00").put("end", "24:00"))
                .put("per-listing-minutes", 0.05)
                .put("time-zone", "Europe/Paris"));
    assertThat(allDay.closes()).isNull();
    assertThat(allDay.opens()).isEqualTo(LocalTime.MIDNIGHT);
    assertThat(allDay.perListing()).isEqualTo(Duration.ofSeconds(3));
    assertThat(allDay.zone()).isEqualTo(ZoneId.of("Europe/Paris"));

    assertThatThrownBy(() -> SchedulingSettings.days("MON-FUNDAY"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings(new JsonObject().put("time-zone", "Mars/Olympus")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                settings(
                    new JsonObject()
                        .put(
                            "business-hours",
                            new JsonObject().put("start", "18:00").put("end", "09:00"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings(new JsonObject().put("per-listing-minutes", 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings(new JsonObject().put("travel-kmh", "fast")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
