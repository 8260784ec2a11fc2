package io.tourbook.availability.events;

import io.tourbook.availability.model.RealtorAccount;
import io.tourbook.availability.store.PoolStore;
import io.tourbook.contracts.events.EventEnvelope;
import io.vertx.core.Future;

/**
 * iam account events (group availability): the realtor's account state (on duty, location, working
 * hours, blocked times) goes into the pool. Level triggered on the document; an older state than
 * the one applied is ignored by the store.
 */
public final class AccountEvents {

  private final PoolStore store;

  public AccountEvents(PoolStore store) {
    this.store = store;
  }

  public Future<Void> handle(EventEnvelope event) {
    RealtorAccount account =
        RealtorAccount.from(event.data(), event.time(), store.rules().defaultHours());
    if (account.id() == null) {
      return Future.succeededFuture();
    }
    return store.applyAccount(account).mapEmpty();
  }
}
