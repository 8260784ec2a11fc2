package io.tourbook.listing.store;

import io.tourbook.contracts.GeoPoint.BoundingBox;
import io.tourbook.listing.model.ListingDocuments;
import io.tourbook.listing.model.SearchCriteria;
import io.tourbook.listing.model.SearchCriteria.Sort;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoClientDeleteResult;
import io.vertx.ext.mongo.MongoClientUpdateResult;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * All access to the {@code listings} collection: the listing.listings stream. Writes are single
 * insert/update/delete operations (never findAndModify), so each one produces its change event.
 */
public final class ListingStore {

  public static final String LISTINGS = "listings";

  private final MongoClient mongo;

  public ListingStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /**
   * Range indexes for the search prefilters and sorts, and the 2dsphere index on {@code geo} for
   * consumers with geo operators (the search itself uses none: see {@link #searchCandidates}).
   */
  public Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
        mongo,
        LISTINGS,
        List.of(
            Index.named("provider", new JsonObject().put("providerId", 1)),
            Index.named(
                "visible_lat_lon",
                new JsonObject().put("visible", 1).put("location.lat", 1).put("location.lon", 1)),
            Index.named("visible_price", new JsonObject().put("visible", 1).put("price.amount", 1)),
            Index.named("visible_newest", new JsonObject().put("visible", 1).put("createdAt", -1)),
            Index.named("geo", new JsonObject().put("geo", "2dsphere"))));
  }

  public Future<Void> insert(JsonObject listing) {
    return mongo.insert(LISTINGS, listing).mapEmpty();
  }

  /** The listing, or null. */
  public Future<JsonObject> find(String id) {
    return mongo.findOne(LISTINGS, new JsonObject().put("_id", id), null);
  }

  /** Applies {@code update} if the listing still belongs to {@code providerId}; false otherwise. */
  public Future<Boolean> update(String id, String providerId, JsonObject update) {
    return mongo
        .updateCollection(LISTINGS, owned(id, providerId), update)
        .map(result -> result.getDocMatched() > 0);
  }

  /** Deletes the listing if it still belongs to {@code providerId}; false otherwise. */
  public Future<Boolean> delete(String id, String providerId) {
    return mongo
        .removeDocument(LISTINGS, owned(id, providerId))
        .map(MongoClientDeleteResult::getRemovedCount)
        .map(removed -> removed > 0);
  }

  /** The visible listings among {@code ids}, in no particular order. */
  public Future<List<JsonObject>> findVisible(List<String> ids) {
    JsonObject filter =
        new JsonObject()
            .put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids))))
            .put("visible", true);
    return mongo.find(LISTINGS, filter);
  }

  /**
   * Shows or hides every listing of a provider whose visibility differs, stamping each as
   * listing.updated by "system"; listings already right are not touched, so a repeated call emits
   * nothing.
   *
   * @return how many listings changed
   */
  public Future<Long> setVisibility(String providerId, boolean visible, String now) {
    JsonObject filter =
        new JsonObject()
            .put("providerId", providerId)
            .put("visible", new JsonObject().put("$ne", visible));
    return mongo
        .updateCollectionWithOptions(
            LISTINGS,
            filter,
            ListingDocuments.visibility(visible, now),
            new UpdateOptions().setMulti(true))
        .map(MongoClientUpdateResult::getDocModified);
  }

  /**
   * The listings matching every filter of a search except the exact distance: for a geo search,
   * those inside the bounding box of its circle (a latitude/longitude range, which every MongoDB,
   * embedded or real, can answer). The caller keeps those within the radius. At most {@code limit},
   * in the search's order when that is a stored field, so the first ones are the right ones.
   */
  public Future<List<JsonObject>> searchCandidates(SearchCriteria criteria, int limit) {
    return mongo.findWithOptions(
        LISTINGS,
        filter(criteria),
        new FindOptions().setSort(storedOrder(criteria.sort())).setLimit(limit));
  }

  /** One page of a search without {@code near}, in its order. */
  public Future<List<JsonObject>> searchPage(SearchCriteria criteria) {
    return mongo.findWithOptions(
        LISTINGS,
        filter(criteria),
        new FindOptions()
            .setSort(storedOrder(criteria.sort()))
            .setSkip(criteria.page().skip())
            .setLimit(criteria.page().size()));
  }

  /** How many listings a search without {@code near} matches. */
  public Future<Long> count(SearchCriteria criteria) {
    return mongo.count(LISTINGS, filter(criteria));
  }

  private static JsonObject owned(String id, String providerId) {
    return new JsonObject().put("_id", id).put("providerId", providerId);
  }

  /**
   * The MongoDB filter of a search. Every value in it is one the HTTP layer checked (an enum
   * member, a finite number, an id) placed as a plain value under a key chosen here; the text is a
   * quoted literal inside a regex built here. Nothing from the request can become an operator. Each
   * field appears once; only alternatives ({@code $or}) are combined with {@code $and}.
   */
  static JsonObject filter(SearchCriteria criteria) {
    JsonObject filter = new JsonObject();
    List<JsonObject> alternatives = new ArrayList<>();
    if (!criteria.includeHidden()) {
      filter.put("visible", true);
    }
    putIfGiven(filter, "providerId", criteria.providerId());
    putIfGiven(filter, "type", criteria.type());
    putIfGiven(filter, "offer", criteria.offer());
    putIfGiven(filter, "price.currency", criteria.currency());
    JsonObject price = new JsonObject();
    if (criteria.minPrice() != null) {
      price.put("$gte", criteria.minPrice());
    }
    if (criteria.maxPrice() != null) {
      price.put("$lte", criteria.maxPrice());
    }
    if (!price.isEmpty()) {
      filter.put("price.amount", price);
    }
    if (criteria.text() != null) {
      alternatives.add(textMatch(criteria.text()));
    }
    if (criteria.near() != null) {
      BoundingBox box = criteria.near().boundingBox(criteria.radiusKm());
      filter.put("location.lat", between(box.minLat(), box.maxLat()));
      if (box.crossesAntimeridian()) {
        alternatives.add(
            new JsonObject()
                .put(
                    "$or",
                    new JsonArray()
                        .add(new JsonObject().put("location.lon", atLeast(box.minLon())))
                        .add(new JsonObject().put("location.lon", atMost(box.maxLon())))));
      } else if (box.minLon() > -180 || box.maxLon() < 180) {
        filter.put("location.lon", between(box.minLon(), box.maxLon()));
      }
    }
    if (alternatives.size() == 1) {
      filter.mergeIn(alternatives.get(0));
    } else if (alternatives.size() > 1) {
      filter.put("$and", new JsonArray(List.copyOf(alternatives)));
    }
    return filter;
  }

  private static void putIfGiven(JsonObject filter, String field, String value) {
    if (value != null) {
      filter.put(field, value);
    }
  }

  /** A case-insensitive substring match of the literal text in title, description or city. */
  private static JsonObject textMatch(String text) {
    JsonObject regex = new JsonObject().put("$regex", Pattern.quote(text)).put("$options", "i");
    JsonArray fields = new JsonArray();
    for (String field : List.of("title", "description", "location.address.city")) {
      fields.add(new JsonObject().put(field, regex.copy()));
    }
    return new JsonObject().put("$or", fields);
  }

  private static JsonObject between(double min, double max) {
    return new JsonObject().put("$gte", min).put("$lte", max);
  }

  private static JsonObject atLeast(double min) {
    return new JsonObject().put("$gte", min);
  }

  private static JsonObject atMost(double max) {
    return new JsonObject().put("$lte", max);
  }

  /** The stored-field order of a search; distance has none, so it reads in id order. */
  private static JsonObject storedOrder(Sort sort) {
    return switch (sort) {
      case PRICE -> new JsonObject().put("price.amount", 1).put("_id", 1);
      case NEWEST -> new JsonObject().put("createdAt", -1).put("_id", 1);
      case DISTANCE -> new JsonObject().put("_id", 1);
    };
  }
}
