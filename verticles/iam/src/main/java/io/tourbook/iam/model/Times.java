package io.tourbook.iam.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as fixed-width ISO-8601 UTC strings with milliseconds, so that they also compare
 * correctly as strings (the records iam keeps from events are ordered by them).
 */
public final class Times {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String now() {
    return format(Instant.now());
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * An instant as events carry it (an ISO-8601 string, or MongoDB extended JSON {@code {"$date":
   * ...}}) in the fixed format, or null when {@code value} is none of these.
   */
  public static String normalize(Object value) {
    try {
      if (value instanceof String text) {
        return format(OffsetDateTime.parse(text).toInstant());
      }
      if (value instanceof JsonObject date && date.containsKey("$date")) {
        Object inner = date.getValue("$date");
        if (inner instanceof Number millis) {
          return format(Instant.ofEpochMilli(millis.longValue()));
        }
        if (inner instanceof JsonObject numberLong && numberLong.containsKey("$numberLong")) {
          return format(Instant.ofEpochMilli(Long.parseLong(numberLong.getString("$numberLong"))));
        }
        return normalize(inner);
      }
    } catch (DateTimeParseException | NumberFormatException | ClassCastException malformed) {
      return null;
    }
    return null;
  }
}
