package io.tourbook.iam.store;

import io.tourbook.iam.model.Account;
import io.tourbook.platform.mongo.MongoErrors;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;

/**
 * The records iam keeps from other services' tour and payment events: one small document per
 * account and tour in iam.tourRecords, and per account and payment in iam.paymentRecords, {@code
 * {_id: "<accountId>:<key>", accountId, tourId | paymentId, status, start? | amount, at}}. They are
 * not arrays in the account document: a realtor's would grow with every tour they ever had, and
 * every update would rewrite the whole account and carry it down the accounts' change stream.
 * Bookkeeping: nothing here is stamped or makes an event.
 */
public final class RecordStore {

  /** A kind of record: its collection, its key and the field of the account view showing it. */
  public enum Kind {
    TOUR("tourRecords", "tourId", Account.TOURS),
    PAYMENT("paymentRecords", "paymentId", Account.PAYMENTS);

    private final String collection;
    private final String key;
    private final String field;

    Kind(String collection, String key, String field) {
      this.collection = collection;
      this.key = key;
      this.field = field;
    }

    public String collection() {
      return collection;
    }

    /** The field naming what the record is about: {@code tourId} or {@code paymentId}. */
    public String key() {
      return key;
    }

    /** The field of the account view that shows these records. */
    public String field() {
      return field;
    }
  }

  public static final String ID = "_id";
  public static final String ACCOUNT_ID = "accountId";
  public static final String AT = "at";

  /** What a record shows: all but where it is kept. */
  private static final JsonObject SHOWN = new JsonObject().put(ID, 0).put(ACCOUNT_ID, 0);

  private final MongoClient mongo;

  public RecordStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    Future<Void> chain = Future.succeededFuture();
    for (Kind kind : Kind.values()) {
      chain =
          chain.compose(
              v ->
                  PortableWrites.createIndexes(
                      mongo,
                      kind.collection,
                      List.of(
                          Index.named(
                              "account_at", new JsonObject().put(ACCOUNT_ID, 1).put(AT, -1)),
                          Index.named(kind.key, new JsonObject().put(kind.key, 1)))));
    }
    return chain;
  }

  /** Whether some account holds a record of {@code value} newer than {@code at}. */
  public Future<Boolean> hasNewer(Kind kind, String value, String at) {
    return PortableWrites.exists(
        mongo,
        kind.collection,
        new JsonObject().put(kind.key, value).put(AT, new JsonObject().put("$gt", at)));
  }

  /**
   * Puts {@code record} (which holds the kind's key and {@code at}) on the account, in place of its
   * record of the same key unless that one is newer. One upsert conditional on {@code at}: a
   * duplicate key means that a newer record is there, or that another delivery inserted one
   * meanwhile, which a second try replaces unless it is newer.
   */
  public Future<Void> put(Kind kind, String accountId, JsonObject record) {
    JsonObject document =
        record
            .copy()
            .put(ID, accountId + ":" + record.getString(kind.key))
            .put(ACCOUNT_ID, accountId);
    return replaceUnlessNewer(kind, document)
        .recover(
            failure ->
                MongoErrors.isDuplicateKey(failure)
                    ? replaceUnlessNewer(kind, document)
                    : Future.failedFuture(failure))
        // A second duplicate key: the record there is newer.
        .recover(
            failure ->
                MongoErrors.isDuplicateKey(failure)
                    ? Future.succeededFuture()
                    : Future.failedFuture(failure));
  }

  private Future<Void> replaceUnlessNewer(Kind kind, JsonObject document) {
    JsonObject notNewer =
        new JsonObject()
            .put(ID, document.getString(ID))
            .put(AT, new JsonObject().put("$lte", document.getString(AT)));
    return mongo
        .replaceDocumentsWithOptions(
            kind.collection, notNewer, document, new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }

  /** Removes the records of {@code value} from every account. */
  public Future<Void> removeEverywhere(Kind kind, String value) {
    return mongo.removeDocuments(kind.collection, new JsonObject().put(kind.key, value)).mapEmpty();
  }

  /**
   * Removes the records of {@code value} from every account not in {@code keepers}, but none newer
   * than {@code at}.
   */
  public Future<Void> removeFromOthers(Kind kind, String value, List<String> keepers, String at) {
    JsonObject filter =
        new JsonObject()
            .put(kind.key, value)
            .put(ACCOUNT_ID, new JsonObject().put("$nin", new JsonArray(keepers)))
            .put(AT, new JsonObject().put("$lte", at));
    return mongo.removeDocuments(kind.collection, filter).mapEmpty();
  }

  /** The account's latest {@code limit} records of this kind, newest first. */
  public Future<JsonArray> latest(Kind kind, String accountId, int limit) {
    return mongo
        .findWithOptions(
            kind.collection,
            new JsonObject().put(ACCOUNT_ID, accountId),
            new FindOptions()
                .setFields(SHOWN)
                .setSort(new JsonObject().put(AT, -1).put(kind.key, 1))
                .setLimit(limit))
        .map(JsonArray::new);
  }
}
