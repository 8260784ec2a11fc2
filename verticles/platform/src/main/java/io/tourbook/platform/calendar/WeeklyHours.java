package io.tourbook.platform.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A realtor's weekly working hours in their time zone: for each day of the week, the periods they
 * work ({@code end} "24:00" is midnight at the end of the day). The JSON form is the one iam keeps
 * under {@code availability}: {@code timeZone} and {@code workingHours: [{day: "MON", start:
 * "09:00", end: "18:00"}]}.
 */
public record WeeklyHours(ZoneId zone, List<Period> periods) {

  /** One working period of a day of the week; {@code end} null means midnight. */
  public record Period(DayOfWeek day, LocalTime start, LocalTime end) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("day", day.name().substring(0, 3))
          .put("start", start.toString())
          .put("end", end == null ? MIDNIGHT : end.toString());
    }
  }

  /** A span of time, start inclusive, end exclusive. */
  public record Interval(Instant start, Instant end) {}

  public static final String MIDNIGHT = "24:00";

  /**
   * Parses {@code workingHours}; throws IllegalArgumentException with a message fit for a 400 when
   * an entry is not {@code {day, start, end}} with a known day and start before end.
   */
  public static List<Period> parsePeriods(JsonArray json) {
    List<Period> periods = new ArrayList<>();
    for (Object item : json) {
      if (!(item instanceof JsonObject period)
          || !(period.getValue("day") instanceof String day)
          || !(period.getValue("start") instanceof String start)
          || !(period.getValue("end") instanceof String end)) {
        throw new IllegalArgumentException(
            "workingHours entries are {day, start, end}, e.g. {\"day\":\"MON\",\"start\":\"09:00\",\"end\":\"18:00\"}.");
      }
      LocalTime from = time(start);
      LocalTime to = MIDNIGHT.equals(end) ? null : time(end);
      if (to != null && !to.isAfter(from)) {
        throw new IllegalArgumentException("workingHours: end must be after start.");
      }
      periods.add(new Period(day(day), from, to));
    }
    return List.copyOf(periods);
  }

  /** The zone id, or IllegalArgumentException with a message fit for a 400. */
  public static ZoneId parseZone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException | NullPointerException e) {
      throw new IllegalArgumentException(
          "timeZone must be an IANA time zone such as Europe/Berlin.");
    }
  }

  /** The same hours on each of {@code days}. */
  public static WeeklyHours uniform(
      ZoneId zone, Iterable<DayOfWeek> days, LocalTime opens, LocalTime closes) {
    List<Period> periods = new ArrayList<>();
    days.forEach(day -> periods.add(new Period(day, opens, closes)));
    periods.sort(Comparator.comparing(Period::day));
    return new WeeklyHours(zone, List.copyOf(periods));
  }

  /**
   * The hours an account's {@code availability} holds, each part it leaves out taken from {@code
   * defaults}; the defaults when what it holds cannot be read.
   */
  public static WeeklyHours of(JsonObject availability, WeeklyHours defaults) {
    if (availability == null) {
      return defaults;
    }
    try {
      ZoneId zone =
          availability.getValue("timeZone") instanceof String id ? parseZone(id) : defaults.zone();
      List<Period> periods =
          availability.getValue("workingHours") instanceof JsonArray hours
              ? parsePeriods(hours)
              : defaults.periods();
      return new WeeklyHours(zone, periods);
    } catch (IllegalArgumentException unreadable) {
      return defaults;
    }
  }

  /** The working intervals that overlap {@code [from, to)}, in order, adjacent ones merged. */
  public List<Interval> between(Instant from, Instant to) {
    List<Interval> found = new ArrayList<>();
    LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = to.atZone(zone).toLocalDate();
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      for (Period period : periods) {
        if (period.day() != day.getDayOfWeek()) {
          continue;
        }
        Instant start = day.atTime(period.start()).atZone(zone).toInstant();
        Instant end =
            period.end() == null
                ? day.plusDays(1).atStartOfDay(zone).toInstant()
                : day.atTime(period.end()).atZone(zone).toInstant();
        if (end.isAfter(from) && start.isBefore(to)) {
          found.add(new Interval(start, end));
        }
      }
    }
    found.sort(Comparator.comparing(Interval::start));
    List<Interval> merged = new ArrayList<>();
    for (Interval interval : found) {
      Interval previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (previous != null && !interval.start().isAfter(previous.end())) {
        Instant end = interval.end().isAfter(previous.end()) ? interval.end() : previous.end();
        merged.set(merged.size() - 1, new Interval(previous.start(), end));
      } else {
        merged.add(interval);
      }
    }
    return merged;
  }

  public JsonArray periodsJson() {
    JsonArray json = new JsonArray();
    periods.forEach(period -> json.add(period.toJson()));
    return json;
  }

  private static LocalTime time(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("workingHours times are HH:mm (end may be 24:00).");
    }
  }

  /** MON, Monday, mon: at least three letters of an English day name. */
  public static DayOfWeek day(String name) {
    String key = name.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (key.length() >= 3 && day.name().startsWith(key)) {
        return day;
      }
    }
    throw new IllegalArgumentException("workingHours: unknown day " + name + ".");
  }
}
