package io.tourbook.listing.impl;

import io.tourbook.contracts.listing.ListingService;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.platform.http.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code listing.service}: the visible listings the cart asks for, and which ids are missing. */
public final class ListingServiceImpl implements ListingService {

  private final ListingStore listings;
  private final int maxIds;

  public ListingServiceImpl(ListingStore listings, int maxIds) {
    this.listings = listings;
    this.maxIds = maxIds;
  }

  @Override
  public Future<JsonObject> getListings(List<String> ids) {
    if (ids == null) {
      return invalid("ids are required.");
    }
    if (ids.size() > maxIds) {
      return invalid("At most " + maxIds + " ids may be asked for at once.");
    }
    if (!ids.stream().allMatch(Ids::valid)) {
      return invalid("Every id must be 1 to 64 of [A-Za-z0-9_-].");
    }
    List<String> wanted = List.copyOf(new LinkedHashSet<>(ids));
    if (wanted.isEmpty()) {
      return Future.succeededFuture(
          new JsonObject().put("listings", new JsonArray()).put("missing", new JsonArray()));
    }
    return listings
        .findVisible(wanted)
        .map(
            found -> {
              Map<String, JsonObject> byId =
                  found.stream()
                      .collect(
                          Collectors.toMap(
                              listing -> listing.getString("_id"), Function.identity()));
              JsonArray visible = new JsonArray();
              JsonArray missing = new JsonArray();
              for (String id : wanted) {
                JsonObject listing = byId.get(id);
                if (listing != null) {
                  visible.add(listing);
                } else {
                  missing.add(id);
                }
              }
              return new JsonObject().put("listings", visible).put("missing", missing);
            });
  }

  private static Future<JsonObject> invalid(String message) {
    return Future.failedFuture(new ServiceException(INVALID, message));
  }
}
