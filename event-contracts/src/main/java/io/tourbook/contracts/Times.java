package io.tourbook.contracts;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The time format of documents, events and responses: ISO-8601 UTC with exactly three fraction
 * digits. Fixed width, so that stored times sort and compare as strings in MongoDB range queries
 * ({@code Instant.toString} drops zero fractions and writes nanoseconds). Reading accepts every
 * ISO-8601 instant written before, at any precision, and MongoDB's {@code {$date: ...}}.
 */
public final class Times {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** A MongoDB date, {@code {$date: ...}}: what sorts and compares as a time in queries. */
  public static JsonObject mongoDate(Instant instant) {
    return new JsonObject().put("$date", format(instant));
  }

  /**
   * The instant {@code value} holds, or null when it holds none: an ISO-8601 date-time with an
   * offset, or MongoDB extended JSON {@code {$date: ...}} (a string, epoch millis, or {@code
   * {$numberLong}}).
   */
  public static Instant parse(Object value) {
    if (value instanceof String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notAnInstant) {
        return null;
      }
    }
    if (value instanceof JsonObject date && date.containsKey("$date")) {
      Object inner = date.getValue("$date");
      if (inner instanceof Number millis) {
        return Instant.ofEpochMilli(millis.longValue());
      }
      if (inner instanceof JsonObject numberLong) {
        return numberLong.getValue("$numberLong") instanceof String millis
            ? epochMillis(millis)
            : null;
      }
      return parse(inner);
    }
    return null;
  }

  /** What {@code value} holds (see {@link #parse}) in the document format, or null. */
  public static String normalize(Object value) {
    Instant instant = parse(value);
    return instant == null ? null : format(instant);
  }

  private static Instant epochMillis(String millis) {
    try {
      return Instant.ofEpochMilli(Long.parseLong(millis));
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}
