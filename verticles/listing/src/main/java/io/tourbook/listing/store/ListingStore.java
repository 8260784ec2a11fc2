package io.tourbook.listing.store;

import io.tourbook.listing.model.GeoPoint.BoundingBox;
import io.tourbook.listing.model.ListingDocuments;
import io.tourbook.listing.model.SearchCriteria;
import io.tourbook.listing.model.SearchCriteria.Sort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexModel;
import io.vertx.ext.mongo.IndexOptions;
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
    return mongo.createIndexes(
        LISTINGS,
        List.of(
            new IndexModel(
                new JsonObject().put("providerId", 1), new IndexOptions().name("provider")),
            new IndexModel(
                new JsonObject().put("visible", 1).put("location.lat", 1).put("location.lon", 1),
                new IndexOptions().name("visible_lat_lon")),
            new IndexModel(
                new JsonObject().put("visible", 1).put("price.amount", 1),
                new IndexOptions().name("visible_price")),
            new IndexModel(
                new JsonObject().put("visible", 1).put("createdAt", -1),
                new IndexOptions().name("visible_newest")),
            new IndexModel(
                new JsonObject().put("geo", "2dsphere"), new IndexOptions().name("geo"))));
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
   * quoted literal inside a regex built here. Nothing from the request can become an operator.
   */
  static JsonObject filter(SearchCriteria criteria) {
    List<JsonObject> clauses = new ArrayList<>();
    if (!criteria.includeHidden()) {
      clauses.add(new JsonObject().put("visible", true));
    }
    if (criteria.providerId() != null) {
      clauses.add(new JsonObject().put("providerId", criteria.providerId()));
    }
    if (criteria.type() != null) {
      clauses.add(new JsonObject().put("type", criteria.type()));
    }
    if (criteria.offer() != null) {
      clauses.add(new JsonObject().put("offer", criteria.offer()));
    }
    if (criteria.currency() != null) {
      clauses.add(new JsonObject().put("price.currency", criteria.currency()));
    }
    if (criteria.minPrice() != null) {
      clauses.add(range("price.amount", "$gte", criteria.minPrice()));
    }
    if (criteria.maxPrice() != null) {
      clauses.add(range("price.amount", "$lte", criteria.maxPrice()));
    }
    if (criteria.text() != null) {
      clauses.add(textMatch(criteria.text()));
    }
    if (criteria.near() != null) {
      clauses.addAll(inBox(criteria.near().boundingBox(criteria.radiusKm())));
    }
    if (clauses.isEmpty()) {
      return new JsonObject();
    }
    return clauses.size() == 1
        ? clauses.get(0)
        : new JsonObject().put("$and", new JsonArray(List.copyOf(clauses)));
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

  private static List<JsonObject> inBox(BoundingBox box) {
    List<JsonObject> clauses = new ArrayList<>();
    clauses.add(range("location.lat", "$gte", box.minLat()));
    clauses.add(range("location.lat", "$lte", box.maxLat()));
    if (box.crossesAntimeridian()) {
      clauses.add(
          new JsonObject()
              .put(
                  "$or",
                  new JsonArray()
                      .add(range("location.lon", "$gte", box.minLon()))
                      .add(range("location.lon", "$lte", box.maxLon()))));
    } else if (box.minLon() > -180 || box.maxLon() < 180) {
      clauses.add(range("location.lon", "$gte", box.minLon()));
      clauses.add(range("location.lon", "$lte", box.maxLon()));
    }
    return clauses;
  }

  private static JsonObject range(String field, String operator, double bound) {
    return new JsonObject().put(field, new JsonObject().put(operator, bound));
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
