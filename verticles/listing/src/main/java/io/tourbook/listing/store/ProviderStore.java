package io.tourbook.listing.store;

import io.tourbook.listing.model.ProviderState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

/**
 * The {@code providers} collection: what the listing service learned of each provider account from
 * iam events, {@code {_id: providerId, verified, status, updatedAt}}. It is not a stream, so its
 * writes carry no stamp.
 */
public final class ProviderStore {

  public static final String PROVIDERS = "providers";

  private final MongoClient mongo;

  public ProviderStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** The provider's state, or null when no iam event about them has arrived yet. */
  public Future<ProviderState> find(String providerId) {
    return mongo
        .findOne(PROVIDERS, new JsonObject().put("_id", providerId), null)
        .map(
            document ->
                document == null
                    ? null
                    : new ProviderState(
                        providerId,
                        document.getBoolean("verified", false),
                        document.getString("status")));
  }

  /** Records the provider's state as given; repeating it changes nothing. */
  public Future<Void> save(ProviderState state, String now) {
    JsonObject set =
        new JsonObject()
            .put("verified", state.verified())
            .put("status", state.status())
            .put("updatedAt", now);
    return mongo
        .updateCollectionWithOptions(
            PROVIDERS,
            new JsonObject().put("_id", state.providerId()),
            new JsonObject().put("$set", set),
            new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }
}
