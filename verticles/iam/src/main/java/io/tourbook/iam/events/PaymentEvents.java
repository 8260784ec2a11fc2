package io.tourbook.iam.events;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.iam.store.RecordStore;
import io.tourbook.iam.store.RecordStore.Kind;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * payment.* -> the customer's payment record {@code {paymentId, status, amount, at}} ({@link
 * RecordStore}), one per payment, holding the payment's latest state.
 */
public final class PaymentEvents implements EventHandler {

  private final AccountStore accounts;
  private final RecordStore records;

  public PaymentEvents(AccountStore accounts, RecordStore records) {
    this.accounts = accounts;
    this.records = records;
  }

  @Override
  public Future<Void> handle(EventEnvelope event) {
    String paymentId = event.subject();
    JsonObject payment = event.data();
    String customerId = payment.getValue("customerId") instanceof String id ? id : null;
    if (customerId == null || "delete".equals(event.operation())) {
      return records.removeEverywhere(Kind.PAYMENT, paymentId);
    }
    JsonObject record =
        new JsonObject()
            .put("paymentId", paymentId)
            .put("status", payment.getString("status"))
            .put("amount", payment.getValue("amount"))
            .put("at", EventRecords.at(event));
    return EventRecords.keepOn(
        accounts, records, Kind.PAYMENT, Map.of(customerId, Roles.CUSTOMER), record);
  }
}
