package io.tourbook.tour;

import io.tourbook.contracts.listing.ListingService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * listing.service as the listing service answers it, bound at its address until undeployed: the
 * listings a test added, by id, every other id in {@code missing}.
 */
final class FakeListings extends VerticleBase implements ListingService {

  private final Map<String, JsonObject> listings = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> consumer;

  /** Adds a visible listing of {@code providerId}. */
  FakeListings add(String listingId, String providerId) {
    listings.put(
        listingId,
        new JsonObject()
            .put("_id", listingId)
            .put("providerId", providerId)
            .put("title", "Listing " + listingId)
            .put(
                "location",
                new JsonObject()
                    .put("lat", 40.0)
                    .put("lon", -74.0)
                    .put("address", TourFixtures.address(listingId)))
            .put("visible", true));
    return this;
  }

  @Override
  public Future<?> start() {
    consumer =
        new ServiceBinder(vertx)
            .setAddress(ListingService.ADDRESS)
            .register(ListingService.class, this);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister();
  }

  @Override
  public Future<JsonObject> getListings(List<String> ids) {
    JsonArray found = new JsonArray();
    JsonArray missing = new JsonArray();
    for (String id : ids) {
      JsonObject listing = listings.get(id);
      if (listing != null) {
        found.add(listing.copy());
      } else {
        missing.add(id);
      }
    }
    return Future.succeededFuture(new JsonObject().put("listings", found).put("missing", missing));
  }
}
