package io.tourbook.iam.store;

import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;

/**
 * All access to the iam.refreshTokens collection: {@code {_id: SHA-256 of the token, family,
 * subject, expiresAt (epoch ms), rotated, revoked, createdAt}}. A token is never stored, only its
 * hash; a family is the chain of tokens one login started, each refresh adding the next.
 */
public final class RefreshTokenStore {

  public static final String COLLECTION = "refreshTokens";

  public static final String ID = "_id";
  public static final String FAMILY = "family";
  public static final String SUBJECT = "subject";
  public static final String EXPIRES_AT = "expiresAt";
  public static final String ROTATED = "rotated";
  public static final String REVOKED = "revoked";
  public static final String CREATED_AT = "createdAt";

  private final MongoClient mongo;

  public RefreshTokenStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
        mongo,
        COLLECTION,
        List.of(
            Index.named("family", new JsonObject().put(FAMILY, 1)),
            Index.named("subject", new JsonObject().put(SUBJECT, 1))));
  }

  public Future<Void> insert(JsonObject token) {
    return mongo.insert(COLLECTION, token).mapEmpty();
  }

  /** The token with this hash, or null. */
  public Future<JsonObject> find(String hash) {
    return mongo.findOne(COLLECTION, new JsonObject().put(ID, hash), null);
  }

  /**
   * Retires the token for its successor; false when it was already retired or revoked (a concurrent
   * refresh with the same token won, or a logout came first).
   */
  public Future<Boolean> rotate(String hash) {
    return mongo
        .updateCollection(
            COLLECTION,
            new JsonObject().put(ID, hash).put(ROTATED, false).put(REVOKED, false),
            new JsonObject().put("$set", new JsonObject().put(ROTATED, true)))
        .map(result -> result.getDocModified() > 0);
  }

  public Future<Void> revokeFamily(String family) {
    return revokeAll(new JsonObject().put(FAMILY, family));
  }

  public Future<Void> revokeSubject(String subject) {
    return revokeAll(new JsonObject().put(SUBJECT, subject));
  }

  private Future<Void> revokeAll(JsonObject filter) {
    return mongo
        .updateCollectionWithOptions(
            COLLECTION,
            filter.put(REVOKED, false),
            new JsonObject().put("$set", new JsonObject().put(REVOKED, true)),
            new UpdateOptions().setMulti(true))
        .mapEmpty();
  }
}
