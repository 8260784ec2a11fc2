package io.tourbook.platform.calendar;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The calendar rules every service that books time agrees on, read from the {@code scheduling}
 * section: the default working hours of a realtor who set none, the lead time, how long a tour
 * lasts, and the travel buffer between two tours of one realtor.
 *
 * @param defaultHours the time zone, business days and business hours as a realtor's default week
 * @param leadTime how long after now the earliest tour may start
 * @param baseLength the fixed part of a tour's length (meeting, wrap-up)
 * @param perListing the time spent at each listing
 * @param travelKmh the speed that turns distances into travel time
 * @param minTravelBuffer the least time between two tours of one realtor
 * @param step the grid that starts other than a customer's exact time are rounded up to
 * @param horizon how far ahead calendars are kept and searched
 */
public record CalendarRules(
    WeeklyHours defaultHours,
    Duration leadTime,
    Duration baseLength,
    Duration perListing,
    double travelKmh,
    Duration minTravelBuffer,
    Duration step,
    Duration horizon) {

  public static CalendarRules from(JsonObject config) {
    JsonObject section = config.getJsonObject("scheduling", new JsonObject());
    JsonObject hours = section.getJsonObject("business-hours", new JsonObject());
    String closes = hours.getString("end", "18:00");
    WeeklyHours defaults =
        WeeklyHours.uniform(
            WeeklyHours.parseZone(section.getString("time-zone", "UTC")),
            days(section.getValue("business-days", "MON-FRI")),
            LocalTime.parse(hours.getString("start", "09:00")),
            WeeklyHours.MIDNIGHT.equals(closes) ? null : LocalTime.parse(closes));
    return new CalendarRules(
        defaults,
        minutes(section, "lead-time-minutes", 120),
        minutes(section, "base-minutes", 15),
        minutes(section, "per-listing-minutes", 30),
        section.getDouble("travel-kmh", 30.0),
        minutes(section, "min-travel-buffer-minutes", 15),
        minutes(section, "slot-step-minutes", 15),
        Duration.ofMillis(Math.round(section.getDouble("search-days", 60.0) * 86_400_000)));
  }

  /** How long a tour of stops with these legs (km from the previous stop; the first is 0) lasts. */
  public Duration tourLength(List<Double> legKm) {
    Duration length = baseLength;
    for (int i = 0; i < legKm.size(); i++) {
      if (i > 0) {
        length = length.plus(travel(legKm.get(i)));
      }
      length = length.plus(perListing);
    }
    return length;
  }

  /** Travel time over {@code km}, rounded up to the second. */
  public Duration travel(double km) {
    return Duration.ofSeconds((long) Math.ceil(km / travelKmh * 3600));
  }

  /**
   * The time kept free between a tour ending at one place and the next starting {@code km} away.
   */
  public Duration travelBuffer(double km) {
    Duration travel = travel(km);
    return travel.compareTo(minTravelBuffer) > 0 ? travel : minTravelBuffer;
  }

  /** {@code at} rounded up to the step grid (counted from the epoch, so from UTC midnight). */
  public Instant alignUp(Instant at) {
    long step = step().toMillis();
    long millis = at.toEpochMilli();
    return Instant.ofEpochMilli(Math.floorDiv(millis + step - 1, step) * step);
  }

  private static Duration minutes(JsonObject section, String key, double fallback) {
    return Duration.ofMillis(Math.round(section.getDouble(key, fallback) * 60_000));
  }

  /** {@code MON-FRI}, {@code MON,WED,FRI} or a list of such names. */
  private static Set<DayOfWeek> days(Object value) {
    List<String> parts = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> parts.add(String.valueOf(item)));
    } else {
      parts.addAll(List.of(String.valueOf(value).split(",")));
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : parts) {
      String[] range = part.trim().split("-");
      DayOfWeek from = WeeklyHours.day(range[0]);
      DayOfWeek to = range.length == 2 ? WeeklyHours.day(range[1]) : from;
      for (DayOfWeek day = from; ; day = day.plus(1)) {
        days.add(day);
        if (day == to) {
          break;
        }
      }
    }
    return days;
  }
}
