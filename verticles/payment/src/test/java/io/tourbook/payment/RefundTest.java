package io.tourbook.payment;

import static io.tourbook.payment.PaymentNode.request;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.payment.gateway.SimulatedGateway;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.ProcessedRecords;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Refunds of cancelled tours")
class RefundTest {

  private Vertx vertx;
  private JsonObject config;
  private PaymentNode payments;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    config = backing.config();
    config.getJsonObject("payment").put("refund", new JsonObject().put("late-percent", 50));
  }

  @AfterEach
  void stop() throws Exception {
    if (payments != null) {
      payments.stop();
    }
  }

  @Test
  @DisplayName("A customer cancelling just before the cutoff gets a full refund, once")
  void customerCancelJustBeforeTheCutoffIsRefundedInFull() throws Exception {
    payments = PaymentNode.start(vertx, config, new PaymentModule());
    String paymentId = paid("alice", "key-1");
    Instant cancelledAt = Instant.now();

    payments.cancelTour(
        "tour-1", paymentId, cancelledAt.plus(24, ChronoUnit.HOURS), cancelledAt, "customer");

    JsonObject payment = refunded(paymentId);
    assertThat(payment.getString("status")).isEqualTo("refunded");
    JsonObject refund = payment.getJsonArray("refunds").getJsonObject(0);
    assertThat(refund.getString("refundId")).isEqualTo("refund-tour-1");
    assertThat(refund.getString("status")).isEqualTo("succeeded");
    assertThat(refund.getInteger("percent")).isEqualTo(100);
    assertThat(refund.getJsonObject("amount")).isEqualTo(usd(65.5));
    assertThat(gatewayRefunds()).hasSize(1);
    Eventually.until("payment.refunded", () -> refundEvents().size() == 1);
    assertThat(refundEvents().get(0).data().getString("status")).isEqualTo("refunded");
  }

  @Test
  @DisplayName("A customer cancelling just after the cutoff gets payment.refund.late-percent back")
  void customerCancelJustAfterTheCutoffIsPartial() throws Exception {
    payments = PaymentNode.start(vertx, config, new PaymentModule());
    String paymentId = paid("alice", "key-1");
    Instant cancelledAt = Instant.now();

    payments.cancelTour(
        "tour-1",
        paymentId,
        cancelledAt.plus(24, ChronoUnit.HOURS).minusSeconds(1),
        cancelledAt,
        "customer");

    JsonObject payment = refunded(paymentId);
    assertThat(payment.getString("status")).isEqualTo("partially_refunded");
    JsonObject refund = payment.getJsonArray("refunds").getJsonObject(0);
    assertThat(refund.getInteger("percent")).isEqualTo(50);
    assertThat(refund.getJsonObject("amount")).isEqualTo(usd(32.75));
    assertThat(gatewayRefunds()).hasSize(1);
    assertThat(gatewayRefunds().get(0).getDouble("amount")).isEqualTo(32.75);
  }

  @Test
  @DisplayName("A platform cancel an hour before the start is refunded in full")
  void platformCancelIsAlwaysFull() throws Exception {
    payments = PaymentNode.start(vertx, config, new PaymentModule());
    String paymentId = paid("alice", "key-1");
    Instant cancelledAt = Instant.now();

    payments.cancelTour(
        "tour-1", paymentId, cancelledAt.plus(1, ChronoUnit.HOURS), cancelledAt, "platform");

    JsonObject payment = refunded(paymentId);
    assertThat(payment.getString("status")).isEqualTo("refunded");
    assertThat(payment.getJsonArray("refunds").getJsonObject(0).getString("cancelReason"))
        .isEqualTo("no-realtor");
    assertThat(gatewayRefunds()).hasSize(1);
  }

  @Test
  @DisplayName("A redelivered tour.cancelled refunds nothing more")
  void redeliveryRefundsOnce() throws Exception {
    payments = PaymentNode.start(vertx, config, new PaymentModule());
    String paymentId = paid("alice", "key-1");
    Instant now = Instant.now();
    payments.cancelTour("tour-1", paymentId, now.plus(3, ChronoUnit.DAYS), now, "customer");
    refunded(paymentId);

    // The same cancelled state again, as a redelivery after a lost acknowledgement shows it.
    await(
        payments.tours.updateCollection(
            "tours",
            new JsonObject().put("_id", "tour-1"),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put(
                            "lastChange",
                            PaymentNode.stamp(EventTypes.TOUR_CANCELLED, now.plusSeconds(1))))));
    Eventually.until("the second delivery handled", () -> cancelsHandled("tour-1") >= 2);

    assertThat(gatewayRefunds()).hasSize(1);
    assertThat(payments.stored(paymentId).getJsonArray("refunds")).hasSize(1);
    Eventually.until("payment.refunded", () -> refundEvents().size() == 1);
  }

  @Test
  @DisplayName(
      "A node stopped between the gateway's refund and its write: after recovery there is exactly one refund")
  void crashBetweenRefundAndWriteRefundsOnce() throws Exception {
    CrashingRefundModule crashing = new CrashingRefundModule();
    PaymentNode first = PaymentNode.start(vertx, config, crashing);
    String paymentId =
        await(first.service.charge(request("alice", "key-1", "tok_visa"))).getString("paymentId");
    Instant now = Instant.now();
    first.cancelTour("tour-1", paymentId, now.plus(3, ChronoUnit.DAYS), now, "customer");
    assertThat(crashing.refunded.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.stored(paymentId).getJsonArray("refunds").getJsonObject(0).getString("status"))
        .isEqualTo("pending");
    first.stop();

    payments = PaymentNode.start(vertx, config, new PaymentModule());

    JsonObject payment = refunded(paymentId);
    assertThat(payment.getString("status")).isEqualTo("refunded");
    assertThat(gatewayRefunds()).hasSize(1);
  }

  @Test
  @DisplayName("A free tour's cancellation asks no gateway and makes no refund event")
  void freeTourCancelAsksNoGateway() throws Exception {
    payments = PaymentNode.start(vertx, config, new PaymentModule());
    JsonObject free =
        request("alice", "key-1", null)
            .put(
                "items",
                new JsonArray().add(PaymentNode.item("garden", "Open garden", 0, 40.7, -74.0)))
            .put("amount", usd(0));
    free.remove("paymentToken");
    String paymentId = await(payments.service.charge(free)).getString("paymentId");
    assertThat(payments.stored(paymentId).getString("gateway")).isEqualTo("free");
    Instant now = Instant.now();

    payments.cancelTour("tour-1", paymentId, now.plus(3, ChronoUnit.DAYS), now, "customer");

    Eventually.until(
        "the zero refund recorded",
        () -> {
          JsonObject stored = payments.stored(paymentId);
          return stored.containsKey("refunds")
              && "succeeded"
                  .equals(stored.getJsonArray("refunds").getJsonObject(0).getString("status"));
        });
    assertThat(payments.stored(paymentId).getString("status")).isEqualTo("succeeded");
    assertThat(gatewayRefunds()).isEmpty();
  }

  private String paid(String customerId, String key) throws Exception {
    return await(payments.service.charge(request(customerId, key, "tok_visa")))
        .getString("paymentId");
  }

  private JsonObject refunded(String paymentId) throws Exception {
    Eventually.until(
        "payment " + paymentId + " refunded",
        () -> payments.stored(paymentId).getString("status").contains("refunded"));
    return payments.stored(paymentId);
  }

  private List<JsonObject> gatewayRefunds() throws Exception {
    return await(payments.database.find(SimulatedGateway.REFUNDS, new JsonObject()));
  }

  private List<EventEnvelope> refundEvents() {
    return payments.events.seen().stream()
        .filter(event -> event.type().equals(EventTypes.PAYMENT_REFUNDED))
        .toList();
  }

  /** How many deliveries of the tour's tour.cancelled events the payment group handled. */
  private long cancelsHandled(String tourId) throws Exception {
    return await(
        ProcessedRecords.count(
            payments.database,
            new JsonObject().put("subject", tourId).put("type", EventTypes.TOUR_CANCELLED)));
  }

  private static JsonObject usd(double amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }
}
