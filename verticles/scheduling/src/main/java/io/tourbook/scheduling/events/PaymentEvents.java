package io.tourbook.scheduling.events;

import io.tourbook.contracts.Times;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.scheduling.mail.ScheduleMailer;
import io.tourbook.scheduling.store.ContactStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;

/**
 * payment.refunded for group scheduling, which keeps the customers' addresses: mails the customer
 * about each succeeded refund, once ({@code refund_mails} remembers the refunds mailed). A customer
 * whose address is not known yet fails the event, which is retried until it is.
 */
public final class PaymentEvents {

  static final String MAILED = "refund_mails";

  private final ContactStore contacts;
  private final ScheduleMailer mailer;
  private final MongoClient mongo;
  private final Clock clock;

  public PaymentEvents(
      ContactStore contacts, ScheduleMailer mailer, MongoClient mongo, Clock clock) {
    this.contacts = contacts;
    this.mailer = mailer;
    this.mongo = mongo;
    this.clock = clock;
  }

  public Future<Void> handle(EventEnvelope event) {
    JsonObject payment = event.data();
    String customerId = payment.getString("customerId");
    Future<Void> mailed = Future.succeededFuture();
    for (Object value : payment.getJsonArray("refunds", new JsonArray())) {
      if (value instanceof JsonObject refund
          && "succeeded".equals(refund.getString("status"))
          && refund.getValue("refundId") instanceof String refundId) {
        mailed = mailed.compose(v -> mailOnce(customerId, refundId, refund));
      }
    }
    return mailed;
  }

  private Future<Void> mailOnce(String customerId, String refundId, JsonObject refund) {
    JsonObject mark = new JsonObject().put("_id", refundId);
    return mongo
        .findOne(MAILED, mark, null)
        .compose(
            done -> {
              if (done != null) {
                return Future.succeededFuture();
              }
              return contacts
                  .find(customerId)
                  .compose(
                      contact -> {
                        if (contact == null) {
                          return Future.failedFuture(
                              new IllegalStateException(
                                  "No address of customer " + customerId + " yet"));
                        }
                        return mailer.sendRefund(contact, refund);
                      })
                  .compose(
                      sent ->
                          PortableWrites.insertUnlessDuplicate(
                                  mongo,
                                  MAILED,
                                  mark.copy().put("at", Times.format(clock.instant())))
                              .<Void>mapEmpty());
            });
  }
}
