package io.tourbook.availability.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the instants documents carry: ISO-8601 strings or MongoDB's {@code {$date: ...}}. */
public final class Instants {

  private Instants() {}

  /** The instant {@code value} holds, or null when it holds none. */
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
      if (inner instanceof JsonObject numberLong
          && numberLong.getValue("$numberLong") instanceof String millis) {
        try {
          return Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException notANumber) {
          return null;
        }
      }
      return parse(inner);
    }
    return null;
  }
}
