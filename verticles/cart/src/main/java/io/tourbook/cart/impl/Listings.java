package io.tourbook.cart.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading {@code ListingService.getListings} answers. */
final class Listings {

  private Listings() {}

  /**
   * The listings of an answer that may be toured, by id: those returned, unless one says {@code
   * visible: false}.
   */
  static Map<String, JsonObject> visible(JsonObject answer) {
    Map<String, JsonObject> visible = new LinkedHashMap<>();
    JsonArray listings = answer == null ? null : answer.getJsonArray("listings");
    if (listings == null) {
      return visible;
    }
    for (Object value : listings) {
      if (value instanceof JsonObject listing
          && listing.getValue("_id") instanceof String id
          && !Boolean.FALSE.equals(listing.getValue("visible"))) {
        visible.put(id, listing);
      }
    }
    return visible;
  }
}
