package io.tourbook.platform.mongo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;

/**
 * Writes that behave the same on MongoDB and on the development server of {@code
 * verticles/embedded} (mongo-java-server). Its quirks are explained here, once, so that the stores
 * only say what they want. Besides the two below, what it lacks shapes two queries, which stay
 * portable by asking only for what both servers do:
 *
 * <ul>
 *   <li>no {@code $geoWithin}, {@code $nearSphere} or {@code $geoNear}: listing search filters a
 *       bounding box and measures distances itself ({@code ListingQueries}),
 *   <li>no partial indexes: at most one active assignment per tour is a unique sparse index ({@code
 *       AssignmentStore}).
 * </ul>
 */
public final class PortableWrites {

  private PortableWrites() {}

  /** An index of a collection: its keys and options. */
  public record Index(JsonObject keys, IndexOptions options) {

    /** With the name MongoDB gives it: what indexes created without a name keep. */
    public static Index of(JsonObject keys) {
      return new Index(keys, new IndexOptions());
    }

    public static Index named(String name, JsonObject keys) {
      return new Index(keys, new IndexOptions().name(name));
    }

    public static Index unique(String name, JsonObject keys) {
      return new Index(keys, new IndexOptions().name(name).unique(true));
    }
  }

  /**
   * Creates the indexes one after the other: mongo-java-server can lose track of an index created
   * concurrently with its collection.
   */
  public static Future<Void> createIndexes(
      MongoClient mongo, String collection, List<Index> indexes) {
    Future<Void> chain = Future.succeededFuture();
    for (Index index : indexes) {
      chain =
          chain.compose(
              v -> mongo.createIndexWithOptions(collection, index.keys(), index.options()));
    }
    return chain;
  }

  /**
   * Inserts {@code document} unless a document matches {@code existing}; true if it was inserted.
   * It looks first because mongo-java-server records even an insert that a unique index refused in
   * its oplog, which would be a second creation event; the unique keys still decide a race.
   */
  public static Future<Boolean> insertIfAbsent(
      MongoClient mongo, String collection, JsonObject existing, JsonObject document) {
    return exists(mongo, collection, existing)
        .compose(
            found ->
                found
                    ? Future.succeededFuture(false)
                    : insertUnlessDuplicate(mongo, collection, document));
  }

  /**
   * Whether a document matches {@code filter}: a find of at most one id, not a count. MongoDB stops
   * at the first match; a count is an aggregation, which mongo-java-server answers by reading the
   * whole collection whatever its indexes.
   */
  public static Future<Boolean> exists(MongoClient mongo, String collection, JsonObject filter) {
    return mongo
        .findOne(collection, filter, new JsonObject().put("_id", 1))
        .map(found -> found != null);
  }

  /** Inserts {@code document}; false when a unique index already holds its keys. */
  public static Future<Boolean> insertUnlessDuplicate(
      MongoClient mongo, String collection, JsonObject document) {
    return mongo
        .insert(collection, document)
        .map(id -> true)
        .recover(
            failure ->
                MongoErrors.isDuplicateKey(failure)
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(failure));
  }
}
