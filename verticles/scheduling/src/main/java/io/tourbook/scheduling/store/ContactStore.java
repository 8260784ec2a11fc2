package io.tourbook.scheduling.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

/**
 * The {@code contacts} collection: the e-mail address, name and phone of each account, learned from
 * iam.accounts, so notifications can reach people whom tours name only by id, and tell each party
 * who the other is.
 */
public final class ContactStore {

  public static final String COLLECTION = "contacts";

  private final MongoClient mongo;

  public ContactStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Replaces the account's contact with {@code {_id, email, name, phone, role}}. */
  public Future<Void> save(String accountId, String email, String name, String phone, String role) {
    JsonObject contact = new JsonObject().put("_id", accountId).put("email", email);
    if (name != null) {
      contact.put("name", name);
    }
    if (phone != null) {
      contact.put("phone", phone);
    }
    if (role != null) {
      contact.put("role", role);
    }
    return mongo.save(COLLECTION, contact).mapEmpty();
  }

  /** The contact, or null if the account is unknown here. */
  public Future<JsonObject> find(String accountId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", accountId), null);
  }
}
