package io.tourbook.scheduling.model;

import io.tourbook.scheduling.model.TourRequest.Stop;
import io.tourbook.scheduling.model.TourRequest.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks a tour's slot: the earliest preferred time that starts after the lead time, fits in the
 * business hours of a business day and overlaps none of the realtor's other reservations; else the
 * first such slot from the earliest preferred time (or from the lead time, if that is later) on,
 * starting on the step grid. A preferred time without an end is a start; one with an end is a
 * window the whole tour must fit in, unless the window is shorter than the tour, when the tour
 * starts at the window's start.
 *
 * <p>A tour lasts {@code per-listing} at each stop, plus the travel between stops at {@code
 * travel-kmh} over the itinerary's legs, plus {@code base} at the end.
 */
public final class SlotPlanner {

  /** More than any calendar could need: each round moves past a reservation or a day. */
  private static final int MAX_ROUNDS = 100_000;

  private final SchedulingSettings settings;

  public SlotPlanner(SchedulingSettings settings) {
    this.settings = settings;
  }

  /** The slot for {@code tour}, or empty if none fits within the search horizon. */
  public Optional<Slot> plan(TourRequest tour, List<Reservation> busy, Instant now) {
    Duration length = length(tour.stops());
    List<Reservation> taken = new ArrayList<>(busy);
    taken.sort(Comparator.comparing(Reservation::start));
    Instant earliest = now.plus(settings.leadTime());
    List<Window> windows = new ArrayList<>(tour.preferredTimes());
    windows.sort(Comparator.comparing(Window::start));
    for (Window window : windows) {
      Instant from = window.start().isBefore(earliest) ? alignUp(earliest) : window.start();
      Instant latest =
          window.end() == null ? window.start() : later(window.start(), window.end().minus(length));
      Optional<Instant> start = earliestFree(from, latest, length, taken);
      if (start.isPresent()) {
        return Optional.of(slot(start.get(), tour.stops()));
      }
    }
    Instant from = earliest;
    if (!windows.isEmpty()) {
      from = later(from, windows.get(0).start());
    }
    from = alignUp(from);
    return earliestFree(from, from.plus(settings.searchHorizon()), length, taken)
        .map(start -> slot(start, tour.stops()));
  }

  /** How long a tour of these stops lasts. */
  public Duration length(List<Stop> stops) {
    Duration length = settings.baseLength();
    for (int i = 0; i < stops.size(); i++) {
      if (i > 0) {
        length = length.plus(travel(stops.get(i).legKm()));
      }
      length = length.plus(settings.perListing());
    }
    return length;
  }

  private Slot slot(Instant start, List<Stop> stops) {
    List<Slot.StopTime> times = new ArrayList<>();
    Instant at = start;
    for (int i = 0; i < stops.size(); i++) {
      Stop stop = stops.get(i);
      if (i > 0) {
        at = at.plus(travel(stop.legKm()));
      }
      Instant end = at.plus(settings.perListing());
      times.add(new Slot.StopTime(stop.listingId(), stop.title(), at, end));
      at = end;
    }
    return new Slot(start, at.plus(settings.baseLength()), List.copyOf(times));
  }

  /** Travel time of a leg, rounded up to the second. */
  private Duration travel(double legKm) {
    return Duration.ofSeconds((long) Math.ceil(legKm / settings.travelKmh() * 3600));
  }

  /**
   * The earliest start in {@code [from, latest]} whose whole tour is in business hours and clear of
   * {@code taken} (sorted by start).
   */
  private Optional<Instant> earliestFree(
      Instant from, Instant latest, Duration length, List<Reservation> taken) {
    Instant start = from;
    for (int round = 0; round < MAX_ROUNDS && !start.isAfter(latest); round++) {
      Instant open = businessStart(start, length);
      if (open == null) {
        return Optional.empty();
      }
      if (!open.equals(start)) {
        start = open;
        continue;
      }
      Instant end = start.plus(length);
      Reservation clash = null;
      for (Reservation reservation : taken) {
        if (reservation.overlaps(start, end)) {
          clash = reservation;
          break;
        }
      }
      if (clash == null) {
        return Optional.of(start);
      }
      start = alignUp(clash.end());
    }
    return Optional.empty();
  }

  /**
   * The earliest instant at or after {@code at} from which a tour of {@code length} lies within one
   * business day's hours; null if no business day is long enough.
   */
  private Instant businessStart(Instant at, Duration length) {
    LocalDate day = at.atZone(settings.zone()).toLocalDate();
    for (int offset = 0; offset < 8; offset++, day = day.plusDays(1)) {
      if (!settings.businessDays().contains(day.getDayOfWeek())) {
        continue;
      }
      Instant opens = day.atTime(settings.opens()).atZone(settings.zone()).toInstant();
      Instant closes =
          settings.closes() == null
              ? day.plusDays(1).atStartOfDay(settings.zone()).toInstant()
              : day.atTime(settings.closes()).atZone(settings.zone()).toInstant();
      Instant start = later(at, opens);
      if (!start.plus(length).isAfter(closes)) {
        return start;
      }
    }
    return null;
  }

  /** {@code at} rounded up to the step grid, counted from local midnight. */
  Instant alignUp(Instant at) {
    ZonedDateTime local = at.atZone(settings.zone());
    Instant midnight = local.toLocalDate().atStartOfDay(settings.zone()).toInstant();
    long stepMillis = settings.step().toMillis();
    long sinceMidnight = Duration.between(midnight, at).toMillis();
    long steps = (sinceMidnight + stepMillis - 1) / stepMillis;
    return midnight.plusMillis(steps * stepMillis);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
