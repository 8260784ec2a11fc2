package io.tourbook.iam.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;

/**
 * listing.* -> the provider's listing summary {@code listings: {count, ids}}. Level-triggered: a
 * listing that exists is in its provider's summary and in no other; a deleted one is in none.
 */
public final class ListingEvents implements EventHandler {

  private final AccountStore accounts;

  public ListingEvents(AccountStore accounts) {
    this.accounts = accounts;
  }

  @Override
  public Future<Void> handle(EventEnvelope event) {
    String listingId = event.subject();
    String providerId =
        event.data().getValue("providerId") instanceof String id && !id.isBlank() ? id : null;
    boolean exists =
        providerId != null
            && !"delete".equals(event.operation())
            && !EventTypes.LISTING_DELETED.equals(event.type());
    if (!exists) {
      return accounts.removeListing(listingId, null);
    }
    return accounts
        .removeListing(listingId, providerId)
        .compose(v -> accounts.addListing(providerId, listingId));
  }
}
