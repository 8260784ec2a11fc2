package io.tourbook.availability.model;

import io.tourbook.contracts.GeoPoint;
import io.tourbook.contracts.Times;
import io.tourbook.platform.calendar.WeeklyHours;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pool needs of an iam account: whether it is a realtor, whether they are on duty (in the
 * pool), where, their working week and blocked-out times, and the time of the account state, so an
 * older state never overwrites a newer one.
 *
 * @param location the availability location, else the account location; null when it has none
 * @param hours the realtor's working week, the configured default for what they did not set
 * @param blocked the realtor's blocked-out times
 * @param stateAt epoch millis of the account's {@code lastChange.at}
 */
public record RealtorAccount(
    String id,
    boolean realtor,
    boolean inPool,
    GeoPoint location,
    WeeklyHours hours,
    List<Span> blocked,
    long stateAt) {

  /**
   * The account document (or the {@code {_id}} left of a deleted one) as the pool sees it. A
   * realtor is in the pool (on duty) when active, verified, available, and located.
   *
   * @param fallbackAt the time to use when the document carries no {@code lastChange.at}
   * @param defaultHours the working week of a realtor who set none
   */
  public static RealtorAccount from(
      JsonObject account, Instant fallbackAt, WeeklyHours defaultHours) {
    String id = account.getString("_id");
    boolean realtor = "realtor".equals(account.getValue("role"));
    JsonObject availability =
        account.getValue("availability") instanceof JsonObject object ? object : new JsonObject();
    GeoPoint location = RedisGeo.from(availability.getValue("location"));
    if (location == null) {
      location = RedisGeo.from(account.getValue("location"));
    }
    boolean inPool =
        realtor
            && "active".equals(account.getValue("status"))
            && Boolean.TRUE.equals(account.getValue("verified"))
            && "available".equals(availability.getValue("status"))
            && location != null;
    Instant at = null;
    if (account.getValue("lastChange") instanceof JsonObject stamp) {
      at = Times.parse(stamp.getValue("at"));
    }
    if (at == null) {
      at = fallbackAt;
    }
    return new RealtorAccount(
        id,
        realtor,
        inPool,
        location,
        WeeklyHours.of(availability, defaultHours),
        blocked(account.getValue("blockedTimes")),
        at.toEpochMilli());
  }

  /** A realtor the pool knows but iam no longer has: off duty, nothing to keep. */
  public static RealtorAccount absent(String id, WeeklyHours defaultHours, Instant at) {
    return new RealtorAccount(id, true, false, null, defaultHours, List.of(), at.toEpochMilli());
  }

  private static List<Span> blocked(Object value) {
    List<Span> spans = new ArrayList<>();
    if (value instanceof JsonArray items) {
      for (Object item : items) {
        if (item instanceof JsonObject blocked) {
          Instant start = Times.parse(blocked.getValue("start"));
          Instant end = Times.parse(blocked.getValue("end"));
          if (start != null && end != null && end.isAfter(start)) {
            spans.add(new Span(start.toEpochMilli(), end.toEpochMilli()));
          }
        }
      }
    }
    return List.copyOf(spans);
  }
}
