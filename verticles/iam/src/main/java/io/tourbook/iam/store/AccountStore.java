package io.tourbook.iam.store;

import io.tourbook.iam.model.Account;
import io.tourbook.platform.mongo.MongoErrors;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoClientUpdateResult;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;

/**
 * All access to the iam.accounts collection. Writes that change what an account means carry the
 * whole {@code lastChange} stamp in the same single-document write (that is what makes the event);
 * the bookkeeping of what iam learns from other services' events never touches it.
 */
public final class AccountStore {

  /**
   * What a read for display leaves out: the hash, which never leaves this class except for login,
   * and the tour and payment arrays that accounts written by older versions may still hold (those
   * records live in {@link RecordStore} now).
   */
  private static final JsonObject WITHOUT_SECRETS =
      new JsonObject()
          .put(Account.PASSWORD_HASH, 0)
          .put(Account.EMAIL_LOWER, 0)
          .put(Account.PAYMENTS, 0)
          .put(Account.TOURS, 0);

  /** A list row: also without the listing ids, which can grow long. */
  private static final JsonObject LIST_ROW =
      WITHOUT_SECRETS.copy().put(Account.LISTINGS + ".ids", 0);

  private static final JsonObject NEWEST_FIRST =
      new JsonObject().put(Account.CREATED_AT, -1).put(Account.ID, 1);

  private final MongoClient mongo;

  public AccountStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Thrown by {@link #insert} when the email is taken (the unique index on emailLower). */
  public static final class DuplicateEmailException extends RuntimeException {
    DuplicateEmailException(Throwable cause) {
      super("An account with this email already exists", cause, false, false);
    }
  }

  public Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
        mongo,
        Account.COLLECTION,
        List.of(
            Index.unique("emailLower_unique", new JsonObject().put(Account.EMAIL_LOWER, 1)),
            Index.named(
                "role_status", new JsonObject().put(Account.ROLE, 1).put(Account.STATUS, 1)),
            Index.named("listing_ids", new JsonObject().put(Account.LISTINGS + ".ids", 1))));
  }

  /** Inserts a new account; fails with {@link DuplicateEmailException} when the email is taken. */
  public Future<Void> insert(JsonObject account) {
    return mongo
        .insert(Account.COLLECTION, account)
        .<Void>mapEmpty()
        .recover(
            failure ->
                Future.failedFuture(
                    MongoErrors.isDuplicateKey(failure)
                        ? new DuplicateEmailException(failure)
                        : failure));
  }

  /** The account without its secrets, or null. */
  public Future<JsonObject> find(String id) {
    return mongo.findOne(Account.COLLECTION, new JsonObject().put(Account.ID, id), WITHOUT_SECRETS);
  }

  /** The whole account, password hash included, for login only; or null. */
  public Future<JsonObject> findForLogin(String emailLower) {
    return mongo.findOne(
        Account.COLLECTION, new JsonObject().put(Account.EMAIL_LOWER, emailLower), null);
  }

  public Future<Boolean> emailTaken(String emailLower) {
    return PortableWrites.exists(
        mongo, Account.COLLECTION, new JsonObject().put(Account.EMAIL_LOWER, emailLower));
  }

  /** Whether {@code id} is an account with {@code role}. */
  public Future<Boolean> hasRole(String id, String role) {
    return PortableWrites.exists(
        mongo, Account.COLLECTION, new JsonObject().put(Account.ID, id).put(Account.ROLE, role));
  }

  public Future<Boolean> adminExists() {
    return PortableWrites.exists(
        mongo, Account.COLLECTION, new JsonObject().put(Account.ROLE, "admin"));
  }

  /**
   * One page of accounts matching {@code filter} (built from checked values only), newest first.
   */
  public Future<List<JsonObject>> list(JsonObject filter, int skip, int limit) {
    return mongo.findWithOptions(
        Account.COLLECTION,
        filter,
        new FindOptions().setFields(LIST_ROW).setSort(NEWEST_FIRST).setSkip(skip).setLimit(limit));
  }

  public Future<Long> count(JsonObject filter) {
    return mongo.count(Account.COLLECTION, filter);
  }

  /**
   * Applies {@code changes} and the stamp to the account {@code id} if it also matches {@code
   * expected}; true when it did.
   */
  public Future<Boolean> change(
      String id, JsonObject expected, JsonObject changes, JsonObject stamp) {
    JsonObject filter = expected.copy().put(Account.ID, id);
    JsonObject set = changes.copy().put(Account.LAST_CHANGE, stamp);
    return mongo
        .updateCollection(Account.COLLECTION, filter, new JsonObject().put("$set", set))
        .map(result -> result.getDocMatched() > 0);
  }

  /** Every account's id and status, for {@code Sessions#backfillStates}. */
  public Future<List<JsonObject>> states() {
    return mongo.findWithOptions(
        Account.COLLECTION,
        new JsonObject(),
        new FindOptions().setFields(new JsonObject().put(Account.ID, 1).put(Account.STATUS, 1)));
  }

  /** Replaces an outdated password hash; bookkeeping, so no stamp. */
  public Future<Void> replacePasswordHash(String id, String oldHash, String newHash) {
    return mongo
        .updateCollection(
            Account.COLLECTION,
            new JsonObject().put(Account.ID, id).put(Account.PASSWORD_HASH, oldHash),
            new JsonObject().put("$set", new JsonObject().put(Account.PASSWORD_HASH, newHash)))
        .mapEmpty();
  }

  // The listing summaries iam keeps from listing events: bookkeeping, never stamped.

  /** Adds a listing to its provider's summary once: the count moves only with the ids. */
  public Future<Void> addListing(String providerId, String listingId) {
    return bookkeeping(
        new JsonObject()
            .put(Account.ID, providerId)
            .put(Account.ROLE, "provider")
            .put(Account.LISTINGS + ".ids", new JsonObject().put("$ne", listingId)),
        new JsonObject()
            .put("$push", new JsonObject().put(Account.LISTINGS + ".ids", listingId))
            .put("$inc", new JsonObject().put(Account.LISTINGS + ".count", 1)),
        false);
  }

  /** Removes a listing from the summary of any provider but {@code keeper} (null: every one). */
  public Future<Void> removeListing(String listingId, String keeper) {
    JsonObject filter = new JsonObject().put(Account.LISTINGS + ".ids", listingId);
    if (keeper != null) {
      filter.put(Account.ID, new JsonObject().put("$ne", keeper));
    }
    return bookkeeping(
        filter,
        new JsonObject()
            .put("$pull", new JsonObject().put(Account.LISTINGS + ".ids", listingId))
            .put("$inc", new JsonObject().put(Account.LISTINGS + ".count", -1)),
        true);
  }

  private Future<Void> bookkeeping(JsonObject filter, JsonObject update, boolean everyMatch) {
    Future<MongoClientUpdateResult> result =
        everyMatch
            ? mongo.updateCollectionWithOptions(
                Account.COLLECTION, filter, update, new UpdateOptions().setMulti(true))
            : mongo.updateCollection(Account.COLLECTION, filter, update);
    return result.mapEmpty();
  }
}
