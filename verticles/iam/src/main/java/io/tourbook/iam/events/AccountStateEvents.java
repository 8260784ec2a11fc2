package io.tourbook.iam.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.iam.impl.Sessions;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;

/**
 * iam.* of iam's own accounts -> the account's state in Redis and, once suspended, its refresh
 * tokens revoked. iam does both before it answers a change; this repairs a crash between the
 * MongoDB write and those. Level-triggered: applies the account as it is now, not as the event
 * says, so a late redelivery never undoes a newer change.
 */
public final class AccountStateEvents implements EventHandler {

  private final AccountStore accounts;
  private final Sessions sessions;

  public AccountStateEvents(AccountStore accounts, Sessions sessions) {
    this.accounts = accounts;
    this.sessions = sessions;
  }

  @Override
  public Future<Void> handle(EventEnvelope event) {
    String accountId = event.subject();
    return accounts.find(accountId).compose(account -> sessions.applyState(accountId, account));
  }
}
