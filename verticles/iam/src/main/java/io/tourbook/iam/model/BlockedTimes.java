package io.tourbook.iam.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A realtor's blocked-out times, kept on the account as {@code blockedTimes: [{id, start, end,
 * reason?}]}: spans in which the realtor takes no tour.
 */
public final class BlockedTimes {

  public static final String FIELD = "blockedTimes";
  private static final int MAX_REASON = 200;

  private BlockedTimes() {}

  /** The account's blocked times, earliest first. */
  public static JsonArray of(JsonObject account) {
    return account.getValue(FIELD) instanceof JsonArray times ? sorted(times) : new JsonArray();
  }

  public static JsonArray sorted(JsonArray times) {
    List<JsonObject> items = new ArrayList<>();
    times.forEach(item -> items.add((JsonObject) item));
    items.sort(Comparator.comparing(item -> item.getString("start")));
    return new JsonArray(new ArrayList<>(items));
  }

  /**
   * A new entry from a request body {@code {start, end, reason?}}: IllegalArgumentException with a
   * message fit for a 400 when start and end are not instants with end after start.
   */
  public static JsonObject entry(JsonObject body) {
    Instant start = instant(body.getValue("start"), "start");
    Instant end = instant(body.getValue("end"), "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end must be after start.");
    }
    JsonObject entry =
        new JsonObject()
            .put("id", UUID.randomUUID().toString())
            .put("start", start.toString())
            .put("end", end.toString());
    if (body.getValue("reason") instanceof String reason) {
      if (reason.length() > MAX_REASON) {
        throw new IllegalArgumentException("reason is at most " + MAX_REASON + " characters.");
      }
      entry.put("reason", reason);
    }
    return entry;
  }

  private static Instant instant(Object value, String field) {
    if (value instanceof String text) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notAnInstant) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        field + " must be an ISO-8601 instant such as 2031-03-03T10:00:00Z.");
  }
}
