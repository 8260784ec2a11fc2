package io.tourbook.availability.model;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.platform.calendar.CalendarRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * A realtor's calendar as Redis holds it: working intervals, blocked-out times and bookings. It
 * answers where a tour of a given length could start; the CLAIM script applies the same rule
 * atomically, and only its answer books anything.
 *
 * <p>The rule: a tour of {@code [start, end)} fits when it starts no earlier than the lead time
 * allows, lies inside one working interval, overlaps no blocked time, and leaves the travel buffer
 * after the booking before it (from that tour's last stop to this one's first) and before the
 * booking after it (from this tour's last stop to that one's first).
 */
public record RealtorCalendar(List<Span> working, List<Span> blocked, List<Booking> bookings) {

  /** More than any day could need: each round moves past an obstacle or a working interval. */
  private static final int MAX_ROUNDS = 10_000;

  public RealtorCalendar {
    bookings = bookings.stream().sorted(Comparator.comparingLong(Booking::start)).toList();
    working = working.stream().sorted(Comparator.comparingLong(Span::start)).toList();
  }

  /** What a tour to be placed looks like. */
  public record Request(String tourId, long length, GeoPoint firstStop, GeoPoint lastStop) {}

  /**
   * The earliest start in {@code [from, latestStart]} where the tour fits; when {@code exact}, only
   * {@code from} itself. Starts after an obstacle are rounded up to the step grid.
   */
  public OptionalLong earliestStart(
      Request tour,
      long from,
      long latestStart,
      boolean exact,
      long earliest,
      CalendarRules rules) {
    long start = from;
    for (int round = 0; round < MAX_ROUNDS && start <= latestStart; round++) {
      long next = obstacleEnd(tour, start, earliest, rules);
      if (next == start) {
        return OptionalLong.of(start);
      }
      if (exact || next < 0) {
        return OptionalLong.empty();
      }
      start = rules.alignUp(Instant.ofEpochMilli(next)).toEpochMilli();
    }
    return OptionalLong.empty();
  }

  /**
   * {@code start} itself when the tour fits there; else the earliest instant after it worth trying;
   * -1 when nothing later can fit (no working interval left).
   */
  long obstacleEnd(Request tour, long start, long earliest, CalendarRules rules) {
    long end = start + tour.length();
    if (start < earliest) {
      return earliest;
    }
    Span shift = null;
    for (Span span : working) {
      if (span.end() > start) {
        shift = span;
        break;
      }
    }
    if (shift == null) {
      return -1;
    }
    if (shift.start() > start) {
      return shift.start();
    }
    if (shift.end() < end) {
      long after = -1;
      for (Span span : working) {
        if (span.start() > start) {
          after = span.start();
          break;
        }
      }
      return after;
    }
    for (Span span : blocked) {
      if (span.overlaps(start, end)) {
        return span.end();
      }
    }
    Booking previous = null;
    Booking next = null;
    for (Booking booking : bookings) {
      if (booking.tourId().equals(tour.tourId())) {
        continue;
      }
      if (booking.start() < start) {
        previous = booking;
      } else {
        next = booking;
        break;
      }
    }
    if (previous != null) {
      long free = previous.end() + buffer(previous.lastStop(), tour.firstStop(), rules);
      if (free > start) {
        return free;
      }
    }
    if (next != null && end + buffer(tour.lastStop(), next.firstStop(), rules) > next.start()) {
      return next.end() + buffer(next.lastStop(), tour.firstStop(), rules);
    }
    return start;
  }

  /** The travel buffer between two places; the minimum when either is unknown. */
  public static long buffer(GeoPoint from, GeoPoint to, CalendarRules rules) {
    double km = from == null || to == null ? 0 : from.distanceKm(to);
    return rules.travelBuffer(km).toMillis();
  }

  /** The bookings that end after {@code now}. */
  public List<Booking> upcoming(long now) {
    List<Booking> upcoming = new ArrayList<>();
    for (Booking booking : bookings) {
      if (booking.end() > now) {
        upcoming.add(booking);
      }
    }
    return upcoming;
  }
}
