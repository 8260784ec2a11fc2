package io.tourbook.listing.events;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.listing.model.ProviderState;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.listing.store.ProviderStore;
import io.tourbook.platform.auth.Roles;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * Consumes iam.account.verified and iam.account.status-changed (group {@code listing}). It is
 * level-triggered: whatever the type, it records the provider's state from the account in the
 * event, then makes their listings visible exactly when the provider is verified and active. Both
 * steps are idempotent, so a redelivered event changes nothing.
 */
public final class ProviderEvents {

  private final ProviderStore providers;
  private final ListingStore listings;
  private final Clock clock;

  public ProviderEvents(ProviderStore providers, ListingStore listings, Clock clock) {
    this.providers = providers;
    this.listings = listings;
    this.clock = clock;
  }

  public Future<Void> handle(EventEnvelope event) {
    if (!Roles.PROVIDER.equals(event.data().getValue("role"))) {
      return Future.succeededFuture();
    }
    ProviderState state = ProviderState.fromAccount(event.data());
    String now = Times.format(clock.instant());
    // The state is saved before the listings change: a listing created meanwhile re-reads it
    // after its insert (see ListingCommands.create), so it cannot stay visible by mistake.
    return providers
        .save(state, now)
        .compose(saved -> listings.setVisibility(state.providerId(), state.eligible(), now))
        .mapEmpty();
  }
}
