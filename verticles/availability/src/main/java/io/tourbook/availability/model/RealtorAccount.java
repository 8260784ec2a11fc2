package io.tourbook.availability.model;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What the pool needs of an iam account: whether it is a realtor, whether iam has them available
 * (in the pool), where, and the time of the account state, so an older state never overwrites a
 * newer one.
 *
 * @param location the availability location, else the account location; null when it has none
 * @param stateAt epoch millis of the account's {@code lastChange.at}
 */
public record RealtorAccount(
    String id, boolean realtor, boolean inPool, GeoPoint location, long stateAt) {

  /**
   * The account document (or the {@code {_id}} left of a deleted one) as the pool sees it. A
   * realtor is in the pool when active, verified, available, and located.
   *
   * @param fallbackAt the time to use when the document carries no {@code lastChange.at}
   */
  public static RealtorAccount from(JsonObject account, Instant fallbackAt) {
    String id = account.getString("_id");
    boolean realtor = "realtor".equals(account.getValue("role"));
    JsonObject availability =
        account.getValue("availability") instanceof JsonObject object ? object : new JsonObject();
    GeoPoint location = GeoPoint.from(availability.getValue("location"));
    if (location == null) {
      location = GeoPoint.from(account.getValue("location"));
    }
    boolean inPool =
        realtor
            && "active".equals(account.getValue("status"))
            && Boolean.TRUE.equals(account.getValue("verified"))
            && "available".equals(availability.getValue("status"))
            && location != null;
    Instant at = null;
    if (account.getValue("lastChange") instanceof JsonObject stamp) {
      at = Instants.parse(stamp.getValue("at"));
    }
    if (at == null) {
      at = fallbackAt;
    }
    return new RealtorAccount(id, realtor, inPool, location, at.toEpochMilli());
  }
}
