package io.tourbook.scheduling.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.scheduling.store.ContactStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * iam.accounts for group scheduling: keeps each account's e-mail address and name, the only account
 * data notifications need. Every event carries the whole account, so each one simply replaces the
 * contact.
 */
public final class AccountEvents {

  private final ContactStore contacts;

  public AccountEvents(ContactStore contacts) {
    this.contacts = contacts;
  }

  public Future<Void> handle(EventEnvelope event) {
    JsonObject account = event.data();
    String email = account.getString("email");
    if (email == null || email.isBlank()) {
      return Future.succeededFuture();
    }
    return contacts.save(
        event.subject(),
        email,
        account.getString("name"),
        account.getValue("phone") instanceof String phone ? phone : null,
        account.getString("role"));
  }
}
