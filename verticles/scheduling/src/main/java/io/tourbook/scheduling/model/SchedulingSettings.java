package io.tourbook.scheduling.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code scheduling} section of the configuration. Minutes may be fractional, so a test or demo
 * can run with slots of seconds.
 *
 * @param zone the time zone of business hours and of the times in e-mails
 * @param businessDays the days tours happen on
 * @param opens when the first tour of a business day may start
 * @param closes when the last tour must have ended; null means midnight at the end of the day
 * @param leadTime how long after now the earliest tour may start
 * @param baseLength the fixed part of a tour's length (meeting, wrap-up), at its end
 * @param perListing the time spent at each listing
 * @param travelKmh the speed that turns the itinerary's legs into travel time
 * @param step the grid that tour starts are rounded up to when not a customer's exact time
 * @param searchHorizon how far after the earliest possible start a free slot is looked for
 * @param reminderBefore how long before its start a tour's reminder goes out
 * @param scanInterval how often due reminders and ended tours are looked for
 */
public record SchedulingSettings(
    ZoneId zone,
    Set<DayOfWeek> businessDays,
    LocalTime opens,
    LocalTime closes,
    Duration leadTime,
    Duration baseLength,
    Duration perListing,
    double travelKmh,
    Duration step,
    Duration searchHorizon,
    Duration reminderBefore,
    long scanInterval) {

  private static final String MIDNIGHT = "24:00";

  /**
   * Reads {@code config.scheduling}.
   *
   * @throws IllegalArgumentException naming the first key that is missing or invalid
   */
  public static SchedulingSettings from(JsonObject config) {
    JsonObject section = config.getJsonObject("scheduling", new JsonObject());
    JsonObject hours = section.getJsonObject("business-hours", new JsonObject());
    ZoneId zone;
    try {
      zone = ZoneId.of(section.getString("time-zone", "UTC"));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("scheduling.time-zone is not a time zone", e);
    }
    LocalTime opens = time(hours.getString("start", "09:00"), "scheduling.business-hours.start");
    String closeText = hours.getString("end", "18:00");
    LocalTime closes =
        MIDNIGHT.equals(closeText) ? null : time(closeText, "scheduling.business-hours.end");
    if (closes != null && !closes.isAfter(opens)) {
      throw new IllegalArgumentException("scheduling.business-hours.end must be after start");
    }
    double travelKmh = positive(section, "travel-kmh", 30);
    SchedulingSettings settings =
        new SchedulingSettings(
            zone,
            days(section.getValue("business-days", "MON-FRI")),
            opens,
            closes,
            minutes(section, "lead-time-minutes", 120, true),
            minutes(section, "base-minutes", 15, true),
            minutes(section, "per-listing-minutes", 30, false),
            travelKmh,
            minutes(section, "slot-step-minutes", 15, false),
            Duration.ofMillis(Math.round(positive(section, "search-days", 60) * 86_400_000)),
            minutes(section, "reminder-before-minutes", 60, true),
            Math.max(1, Math.round(positive(section, "reminder-scan-ms", 30_000))));
    return settings;
  }

  private static LocalTime time(String text, String key) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be HH:mm", e);
    }
  }

  /** {@code MON-FRI}, {@code MON,WED,FRI}, {@code SAT-MON} or a list of such names. */
  static Set<DayOfWeek> days(Object value) {
    List<String> parts = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> parts.add(String.valueOf(item)));
    } else {
      parts.addAll(List.of(String.valueOf(value).split(",")));
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : parts) {
      String[] range = part.trim().split("-");
      if (range.length > 2 || range[0].isBlank()) {
        throw new IllegalArgumentException("scheduling.business-days: cannot read " + part);
      }
      DayOfWeek from = day(range[0]);
      DayOfWeek to = range.length == 2 ? day(range[1]) : from;
      for (DayOfWeek day = from; ; day = day.plus(1)) {
        days.add(day);
        if (day == to) {
          break;
        }
      }
    }
    if (days.isEmpty()) {
      throw new IllegalArgumentException("scheduling.business-days names no day");
    }
    return Set.copyOf(days);
  }

  private static DayOfWeek day(String name) {
    String key = name.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().startsWith(key) && key.length() >= 3) {
        return day;
      }
    }
    throw new IllegalArgumentException("scheduling.business-days: unknown day " + name);
  }

  private static Duration minutes(
      JsonObject section, String key, double fallback, boolean zeroAllowed) {
    Object value = section.getValue(key, fallback);
    if (!(value instanceof Number number)
        || number.doubleValue() < 0
        || (!zeroAllowed && number.doubleValue() == 0)) {
      throw new IllegalArgumentException(
          "scheduling."
              + key
              + " must be a "
              + (zeroAllowed ? "non-negative" : "positive")
              + " number");
    }
    return Duration.ofMillis(Math.round(number.doubleValue() * 60_000));
  }

  private static double positive(JsonObject section, String key, double fallback) {
    Object value = section.getValue(key, fallback);
    if (!(value instanceof Number number) || number.doubleValue() <= 0) {
      throw new IllegalArgumentException("scheduling." + key + " must be a positive number");
    }
    return number.doubleValue();
  }
}
