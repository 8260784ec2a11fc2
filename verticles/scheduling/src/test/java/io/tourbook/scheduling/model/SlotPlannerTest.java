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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlotPlannerTest {

  /** A Monday. */
  private static final Instant MONDAY_8AM = Instant.parse("2031-03-03T08:00:00Z");

  private static final List<Stop> TWO_STOPS =
      List.of(new Stop("a", "Flat A", 0), new Stop("b", "Flat B", 5.0));

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

  private static TourRequest tour(Window... windows) {
    return new TourRequest("t1", "ASSIGNED", "c1", "r1", "a1", 0, TWO_STOPS, List.of(windows));
  }

  private static Window at(String start) {
    return new Window(Instant.parse(start), null);
  }

  @Test
  @DisplayName("A preferred time in business hours after the lead time is taken as it is")
  void takesThePreferredTime() {
    Slot slot = PLANNER.plan(tour(at("2031-03-03T10:07:00Z")), List.of(), MONDAY_8AM).orElseThrow();

    // 30 min at A, 10 min to drive 5 km at 30 km/h, 30 min at B, 15 min wrap-up.
    assertThat(slot.start()).isEqualTo(Instant.parse("2031-03-03T10:07:00Z"));
    assertThat(slot.end()).isEqualTo(Instant.parse("2031-03-03T11:32:00Z"));
    assertThat(slot.stops())
        .extracting(Slot.StopTime::listingId, Slot.StopTime::start, Slot.StopTime::end)
        .containsExactly(
            tuple(
                "a", Instant.parse("2031-03-03T10:07:00Z"), Instant.parse("2031-03-03T10:37:00Z")),
            tuple(
                "b", Instant.parse("2031-03-03T10:47:00Z"), Instant.parse("2031-03-03T11:17:00Z")));
    assertThat(PLANNER.length(TWO_STOPS)).isEqualTo(Duration.ofMinutes(85));
  }

  @Test
  @DisplayName("The earliest preferred time that works wins, whatever the order given")
  void earliestWorkingPreference() {
    TourRequest tour =
        new TourRequest(
            "t1",
            "ASSIGNED",
            "c1",
            "r1",
            "a1",
            0,
            TWO_STOPS,
            List.of(at("2031-03-03T08:30:00Z"), at("2031-03-03T09:30:00Z")).stream()
                .sorted((x, y) -> y.start().compareTo(x.start()))
                .toList());
    TourRequest parsed =
        TourRequest.fromJson(
            new JsonObject()
                .put("_id", "t1")
                .put("listings", new JsonArray().add(new JsonObject().put("listingId", "a")))
                .put(
                    "preferredTimes",
                    new JsonArray()
                        .add(new JsonObject().put("start", "2031-03-05T09:00:00Z"))
                        .add("2031-03-04T09:00:00Z")));

    // 08:30 is within the lead time (08:00 + 60 min) and before opening hours.
    assertThat(PLANNER.plan(tour, List.of(), MONDAY_8AM).orElseThrow().start())
        .isEqualTo(Instant.parse("2031-03-03T09:30:00Z"));
    assertThat(PLANNER.plan(parsed, List.of(), MONDAY_8AM).orElseThrow().start())
        .isEqualTo(Instant.parse("2031-03-04T09:00:00Z"));
  }

  @Test
  @DisplayName("Outside business hours or days, the next free business slot from the preference")
  void nextBusinessSlot() {
    // Saturday: Monday's opening.
    assertThat(start(tour(at("2031-03-08T11:00:00Z"))))
        .isEqualTo(Instant.parse("2031-03-10T09:00:00Z"));
    // Would end after 18:00: the next morning.
    assertThat(start(tour(at("2031-03-03T17:00:00Z"))))
        .isEqualTo(Instant.parse("2031-03-04T09:00:00Z"));
    // Within the lead time: the lead time, rounded up to the 15-minute grid.
    assertThat(start(tour(at("2031-03-03T08:45:00Z"))))
        .isEqualTo(Instant.parse("2031-03-03T09:00:00Z"));
    assertThat(
            PLANNER
                .plan(
                    tour(at("2031-03-03T11:00:00Z")),
                    List.of(),
                    Instant.parse("2031-03-03T10:07:00Z"))
                .orElseThrow()
                .start())
        .isEqualTo(Instant.parse("2031-03-03T11:15:00Z"));
    // No preference at all: the first slot after the lead time.
    assertThat(start(tour())).isEqualTo(Instant.parse("2031-03-03T09:00:00Z"));
  }

  @Test
  @DisplayName("A slot never overlaps the realtor's other reservations")
  void avoidsReservations() {
    List<Reservation> busy =
        List.of(
            new Reservation(
                "s1", Instant.parse("2031-03-03T09:30:00Z"), Instant.parse("2031-03-03T10:40:00Z")),
            new Reservation(
                "s2",
                Instant.parse("2031-03-03T11:00:00Z"),
                Instant.parse("2031-03-03T12:00:00Z")));

    Slot slot = PLANNER.plan(tour(at("2031-03-03T10:00:00Z")), busy, MONDAY_8AM).orElseThrow();

    // 10:45 would run into s2 at 11:00; the first start after s2 on the grid is 12:00.
    assertThat(slot.start()).isEqualTo(Instant.parse("2031-03-03T12:00:00Z"));
    for (Reservation reservation : busy) {
      assertThat(reservation.overlaps(slot.start(), slot.end())).isFalse();
    }
  }

  @Test
  @DisplayName("A preferred window is used anywhere it fits the whole tour")
  void windows() {
    List<Reservation> busy =
        List.of(
            new Reservation(
                "s1",
                Instant.parse("2031-03-03T13:00:00Z"),
                Instant.parse("2031-03-03T13:50:00Z")));
    Window afternoon =
        new Window(Instant.parse("2031-03-03T13:00:00Z"), Instant.parse("2031-03-03T15:30:00Z"));
    Window tooBusy =
        new Window(Instant.parse("2031-03-03T13:00:00Z"), Instant.parse("2031-03-03T14:30:00Z"));

    assertThat(PLANNER.plan(tour(afternoon), busy, MONDAY_8AM).orElseThrow().start())
        .isEqualTo(Instant.parse("2031-03-03T14:00:00Z"));
    // The window cannot hold the tour after s1: the next free slot after its start.
    Slot fallback = PLANNER.plan(tour(tooBusy), busy, MONDAY_8AM).orElseThrow();
    assertThat(fallback.start()).isEqualTo(Instant.parse("2031-03-03T14:00:00Z"));
  }

  @Test
  @DisplayName("Business hours are local to the configured time zone")
  void timeZone() {
    SlotPlanner newYork =
        new SlotPlanner(settings(new JsonObject().put("time-zone", "America/New_York")));

    // 09:00 in New York in March (EDT since 9 March 2031) is 13:00 UTC.
    Slot slot =
        newYork
            .plan(
                tour(at("2031-03-10T12:00:00Z")), List.of(), Instant.parse("2031-03-10T06:00:00Z"))
            .orElseThrow();

    assertThat(slot.start()).isEqualTo(Instant.parse("2031-03-10T13:00:00Z"));
  }

  @Test
  @DisplayName("No slot when the tour is longer than a business day")
  void tooLong() {
    List<Stop> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(new Stop("l" + i, null, 0));
    }
    TourRequest tour = new TourRequest("t", "ASSIGNED", "c", "r", "a", 0, many, List.of());

    assertThat(PLANNER.plan(tour, List.of(), MONDAY_8AM)).isEmpty();
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

  private static Instant start(TourRequest tour) {
    return PLANNER.plan(tour, List.of(), MONDAY_8AM).orElseThrow().start();
  }
}
