package io.tourbook.cart;

import io.tourbook.contracts.listing.ListingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * listing.service as the listing service answers it: the visible listings among the ids, every
 * other id in {@code missing}. Tests add listings and turn their visibility.
 */
final class FakeListingService implements ListingService {

  private final Map<String, JsonObject> listings = new ConcurrentHashMap<>();

  /** Adds a visible listing at (lat, lon); {@code tourFee} null means it sets none. */
  JsonObject add(String id, String title, JsonObject tourFee, double lat, double lon) {
    Instant now = Instant.now();
    JsonObject listing =
        new JsonObject()
            .put("_id", id)
            .put("providerId", "provider-1")
            .put("title", title)
            .put("description", "A listing of the cart tests")
            .put("type", "apartment")
            .put("offer", "sale")
            .put("price", new JsonObject().put("amount", 350000.0).put("currency", "USD"))
            .put(
                "location",
                new JsonObject()
                    .put("lat", lat)
                    .put("lon", lon)
                    .put(
                        "address",
                        new JsonObject()
                            .put("street", "1 Main St")
                            .put("city", "Springfield")
                            .put("country", "US")))
            .put(
                "geo",
                new JsonObject()
                    .put("type", "Point")
                    .put("coordinates", new JsonArray().add(lon).add(lat)))
            .put("visible", true)
            .put("createdAt", now.toString())
            .put("updatedAt", now.toString())
            .put(
                "lastChange",
                new JsonObject()
                    .put("type", "listing.created")
                    .put("at", now.toString())
                    .put("actor", "provider-1"));
    if (tourFee != null) {
      listing.put("tourFee", tourFee);
    }
    listings.put(id, listing);
    return listing;
  }

  void setVisible(String id, boolean visible) {
    listings.get(id).put("visible", visible);
  }

  @Override
  public Future<JsonObject> getListings(List<String> ids) {
    JsonArray found = new JsonArray();
    JsonArray missing = new JsonArray();
    for (String id : ids) {
      JsonObject listing = listings.get(id);
      if (listing != null && listing.getBoolean("visible")) {
        found.add(listing.copy());
      } else {
        missing.add(id);
      }
    }
    return Future.succeededFuture(new JsonObject().put("listings", found).put("missing", missing));
  }
}
