package io.tourbook.assignment.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Instants as documents hold them. */
public final class Times {

  /** Fixed width, so that the strings sort as the instants do. */
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String iso(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  /** A MongoDB date, {@code {$date: ...}}: what sorts and compares as a time in queries. */
  public static JsonObject mongoDate(Instant instant) {
    return new JsonObject().put("$date", iso(instant));
  }

  /** The instant an ISO-8601 string or a {@code {$date}} holds, or null. */
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
      return parse(inner);
    }
    return null;
  }
}
