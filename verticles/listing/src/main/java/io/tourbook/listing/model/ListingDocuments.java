package io.tourbook.listing.model;

import io.tourbook.contracts.events.EventTypes;
import io.tourbook.platform.trace.ChangeStamp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listing document (contracts: listing.listings) and the writes that build it from validated
 * request bodies. Every write carries the whole {@code lastChange} stamp, which names its event.
 */
public final class ListingDocuments {

  public static final List<String> TYPES = List.of("house", "apartment", "land", "commercial");
  public static final List<String> OFFERS = List.of("sale", "rent", "shortlet");

  /** Optional fields a PATCH may remove by sending null. */
  private static final Set<String> REMOVABLE =
      Set.of("tourFee", "bedrooms", "bathrooms", "areaSqm", "media");

  private ListingDocuments() {}

  /** A new, visible listing of {@code providerId} from a body valid against create.json. */
  public static JsonObject newListing(String id, String providerId, JsonObject body, String now) {
    JsonObject listing = body.copy();
    listing
        .put("_id", id)
        .put("providerId", providerId)
        .put("geo", geo(body.getJsonObject("location")))
        .put("visible", true)
        .put("createdAt", now)
        .put("updatedAt", now)
        .put("lastChange", stamp(EventTypes.LISTING_CREATED, providerId, now));
    return listing;
  }

  /**
   * The update for a PATCH body valid against patch.json: given fields are set (the geo point
   * follows the location), null optional fields are removed.
   */
  public static JsonObject patch(JsonObject body, String actor, String now) {
    JsonObject set = new JsonObject();
    JsonObject unset = new JsonObject();
    for (Map.Entry<String, Object> field : body) {
      if (field.getValue() == null && REMOVABLE.contains(field.getKey())) {
        unset.put(field.getKey(), "");
      } else {
        set.put(field.getKey(), field.getValue());
      }
    }
    if (set.getValue("location") instanceof JsonObject location) {
      set.put("geo", geo(location));
    }
    set.put("updatedAt", now).put("lastChange", stamp(EventTypes.LISTING_UPDATED, actor, now));
    JsonObject update = new JsonObject().put("$set", set);
    if (!unset.isEmpty()) {
      update.put("$unset", unset);
    }
    return update;
  }

  /** The update that shows or hides a listing; visibility is what search and the cart see. */
  public static JsonObject visibility(boolean visible, String now) {
    return new JsonObject()
        .put(
            "$set",
            new JsonObject()
                .put("visible", visible)
                .put("updatedAt", now)
                .put("lastChange", stamp(EventTypes.LISTING_UPDATED, "system", now)));
  }

  public static JsonObject stamp(String type, String actor, String now) {
    return ChangeStamp.of(type, now, actor);
  }

  /** The GeoJSON point of a location, for a 2dsphere index: coordinates are [lon, lat]. */
  public static JsonObject geo(JsonObject location) {
    return new JsonObject()
        .put("type", "Point")
        .put(
            "coordinates",
            new JsonArray().add(location.getDouble("lon")).add(location.getDouble("lat")));
  }
}
