package io.tourbook.iam.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.iam.model.Account;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * payment.* -> the customer's payment records {@code payments: [{paymentId, status, amount, at}]},
 * one per payment, holding the payment's latest state.
 */
public final class PaymentEvents implements EventHandler {

  private final AccountStore accounts;

  public PaymentEvents(AccountStore accounts) {
    this.accounts = accounts;
  }

  @Override
  public Future<Void> handle(EventEnvelope event) {
    String paymentId = event.subject();
    JsonObject payment = event.data();
    String customerId = payment.getValue("customerId") instanceof String id ? id : null;
    if (customerId == null || "delete".equals(event.operation())) {
      return accounts.removeRecords(Account.PAYMENTS, "paymentId", paymentId, List.of());
    }
    JsonObject record =
        new JsonObject()
            .put("paymentId", paymentId)
            .put("status", payment.getString("status"))
            .put("amount", payment.getValue("amount"))
            .put("at", EventRecords.at(event));
    return accounts
        .removeRecords(Account.PAYMENTS, "paymentId", paymentId, List.of(customerId))
        .compose(
            v ->
                accounts.upsertRecord(
                    customerId, Roles.CUSTOMER, Account.PAYMENTS, "paymentId", record));
  }
}
