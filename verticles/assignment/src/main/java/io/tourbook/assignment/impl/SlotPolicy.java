package io.tourbook.assignment.impl;

import io.tourbook.assignment.model.Tour;
import io.tourbook.platform.calendar.CalendarRules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a tour's slot is looked for, in order: each preferred window that can hold the tour,
 * earliest first (a preferred time without an end is an exact start); then the whole day of the
 * earliest preferred time; with no preferred time, anywhere from now to the horizon.
 */
public final class SlotPolicy {

  /** One place to look: a window, and whether the tour must start at its start. */
  public record Search(Instant start, Instant end, boolean exact, boolean preferred) {}

  private final CalendarRules rules;

  public SlotPolicy(CalendarRules rules) {
    this.rules = rules;
  }

  public Duration length(Tour tour) {
    return rules.tourLength(tour.legKm());
  }

  public List<Search> searches(Tour tour, Instant now) {
    Duration length = length(tour);
    List<Search> searches = new ArrayList<>();
    for (Tour.Window window : tour.preferredTimes()) {
      if (window.end() == null) {
        searches.add(new Search(window.start(), window.start().plus(length), true, true));
      } else if (!window.end().isBefore(window.start().plus(length))) {
        searches.add(new Search(window.start(), window.end(), false, true));
      }
    }
    if (tour.preferredTimes().isEmpty()) {
      searches.add(new Search(now, now.plus(rules.horizon()), false, false));
    } else {
      ZoneId zone = rules.defaultHours().zone();
      LocalDate day = tour.preferredTimes().get(0).start().atZone(zone).toLocalDate();
      searches.add(
          new Search(
              day.atStartOfDay(zone).toInstant(),
              day.plusDays(1).atStartOfDay(zone).toInstant(),
              false,
              false));
    }
    return searches;
  }
}
