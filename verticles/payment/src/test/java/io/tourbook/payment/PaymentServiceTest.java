package io.tourbook.payment;

import static io.tourbook.payment.PaymentNode.request;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.payment.model.ChargeRequest;
import io.tourbook.payment.store.PaymentStore;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.serviceproxy.ServiceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("payment.service with the simulated gateway")
class PaymentServiceTest {

  private PaymentNode payments;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    payments = PaymentNode.start(vertx, config -> {});
  }

  @AfterEach
  void stop() throws Exception {
    payments.stop();
  }

  @Test
  @DisplayName(
      "tok_visa succeeds: the payment is stored succeeded, with each item's provider and address, and payment.succeeded is emitted without the token")
  void visaSucceeds() throws Exception {
    JsonObject outcome = await(payments.service.charge(request("alice", "key-1", "tok_visa")));

    assertThat(outcome.getString("status")).isEqualTo("succeeded");
    JsonObject stored = payments.stored(outcome.getString("paymentId"));
    assertThat(stored.getString("status")).isEqualTo("succeeded");
    assertThat(stored.getString("customerId")).isEqualTo("alice");
    assertThat(stored.getString("gateway")).isEqualTo("simulated");
    assertThat(stored.getJsonObject("amount"))
        .isEqualTo(new JsonObject().put("amount", 65.5).put("currency", "USD"));
    assertThat(stored.getJsonArray("items")).hasSize(2);
    JsonObject villa = stored.getJsonArray("items").getJsonObject(0);
    assertThat(villa.getString("providerId")).isEqualTo("provider-1");
    assertThat(villa.getJsonObject("address").getString("street")).isEqualTo("1 Hudson St");
    assertThat(stored.getJsonObject("lastChange").getString("type"))
        .isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
    assertThat(stored.containsKey("lease")).isFalse();
    assertThat(stored.encode()).doesNotContain("tok_visa");

    payments.events.await(EventTypes.PAYMENT_SUCCEEDED, outcome.getString("paymentId"));
    EventEnvelope event = payments.events.seen().get(0);
    assertThat(event.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
    assertThat(event.subject()).isEqualTo(outcome.getString("paymentId"));
    assertThat(event.toJson().encode()).doesNotContain("tok_visa").doesNotContain("paymentToken");
    assertThat(event.data().getJsonArray("items").getJsonObject(0).getJsonObject("address"))
        .isEqualTo(villa.getJsonObject("address"));
  }

  @Test
  @DisplayName("The same key again gives the same payment and stores nothing new")
  void sameKeyGivesSamePayment() throws Exception {
    JsonObject first = await(payments.service.charge(request("alice", "key-1", "tok_visa")));
    JsonObject second = await(payments.service.charge(request("alice", "key-1", "tok_visa")));
    JsonObject otherCustomer = await(payments.service.charge(request("bob", "key-1", "tok_visa")));

    assertThat(second).isEqualTo(first);
    assertThat(otherCustomer.getString("paymentId")).isNotEqualTo(first.getString("paymentId"));
    assertThat(payments.stored()).hasSize(2);
    Eventually.until("two events", () -> payments.events.seen().size() >= 2);
    assertThat(payments.events.seen()).hasSize(2);
  }

  @Test
  @DisplayName("Concurrent charges with the same key make one payment, and all get it")
  void concurrentChargesMakeOnePayment(VertxTestContext testContext) {
    Checkpoint charged = testContext.checkpoint(8);
    Checkpoint onePayment = testContext.checkpoint();
    List<Future<JsonObject>> charges = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      charges.add(
          payments
              .service
              .charge(request("alice", "key-1", "tok_visa"))
              .onComplete(testContext.succeeding(outcome -> charged.flag())));
    }
    Future.all(charges)
        .compose(all -> payments.database.find("payments", new JsonObject()))
        .onComplete(
            testContext.succeeding(
                stored ->
                    testContext.verify(
                        () -> {
                          assertThat(stored).hasSize(1);
                          String id = stored.get(0).getString("_id");
                          assertThat(charges)
                              .extracting(charge -> charge.result().getString("paymentId"))
                              .containsOnly(id);
                          onePayment.flag();
                        })));
  }

  @Test
  @DisplayName("The same key with a different request is 409 and changes nothing")
  void sameKeyDifferentRequestConflicts() throws Exception {
    await(payments.service.charge(request("alice", "key-1", "tok_visa")));
    JsonObject different = request("alice", "key-1", "tok_visa");
    different.getJsonArray("items").remove(1);
    different.getJsonObject("amount").put("amount", 40.5);

    assertThat(failure(payments.service.charge(different)).failureCode())
        .isEqualTo(PaymentService.CONFLICT);
    assertThat(payments.stored()).hasSize(1);
  }

  @Test
  @DisplayName(
      "tok_chargeDeclined is 402 card_declined, stored failed with payment.failed, and repeats the same")
  void declineIsStoredFailed() throws Exception {
    ServiceException declined =
        failure(payments.service.charge(request("alice", "key-1", "tok_chargeDeclined")));

    assertThat(declined.failureCode()).isEqualTo(PaymentService.DECLINED);
    assertThat(declined.getMessage()).isEqualTo("card_declined");
    String id = declined.getDebugInfo().getString("paymentId");
    assertThat(declined.getDebugInfo().getString("reason")).isEqualTo("card_declined");
    JsonObject stored = payments.stored(id);
    assertThat(stored.getString("status")).isEqualTo("failed");
    assertThat(stored.getString("reason")).isEqualTo("card_declined");

    ServiceException again =
        failure(payments.service.charge(request("alice", "key-1", "tok_chargeDeclined")));
    assertThat(again.getDebugInfo().getString("paymentId")).isEqualTo(id);
    assertThat(payments.stored()).hasSize(1);

    payments.events.await(EventTypes.PAYMENT_FAILED, id);
    EventEnvelope event = payments.events.seen().get(0);
    assertThat(event.type()).isEqualTo(EventTypes.PAYMENT_FAILED);
    assertThat(event.data().getString("reason")).isEqualTo("card_declined");
    assertThat(event.toJson().encode()).doesNotContain("tok_chargeDeclined");
  }

  @Test
  @DisplayName("Invalid requests are 400 and store nothing")
  void invalidRequestsStoreNothing() throws Exception {
    List<Consumer<JsonObject>> breakages =
        List.of(
            request -> request.put("paymentToken", "tok_unknown"),
            request -> request.remove("idempotencyKey"),
            request -> request.put("idempotencyKey", "has spaces"),
            request -> request.put("customerId", new JsonObject().put("$ne", "")),
            request -> request.put("extra", true),
            request -> request.getJsonObject("amount").put("amount", 70),
            request -> request.getJsonObject("amount").put("amount", 65.555),
            request -> request.getJsonObject("amount").put("currency", "EUR"),
            request -> request.put("items", new JsonArray()),
            request -> request.getJsonArray("items").getJsonObject(1).put("listingId", "villa"),
            request -> request.getJsonArray("items").getJsonObject(0).put("providerId", "a b"),
            request ->
                request
                    .getJsonArray("items")
                    .getJsonObject(0)
                    .getJsonObject("address")
                    .put("$where", "true"),
            request ->
                request
                    .getJsonArray("items")
                    .getJsonObject(0)
                    .getJsonObject("address")
                    .put("street", "a".repeat(201)),
            request ->
                request
                    .getJsonArray("preferredTimes")
                    .getJsonObject(0)
                    .put("start", "next tuesday"));
    for (Consumer<JsonObject> breakage : breakages) {
      JsonObject broken = request("alice", "key-1", "tok_visa");
      breakage.accept(broken);
      assertThat(failure(payments.service.charge(broken)).failureCode())
          .as(broken.encode())
          .isEqualTo(PaymentService.INVALID);
    }
    assertThat(payments.stored()).isEmpty();
  }

  @Test
  @DisplayName("A payment left pending by a crashed charge is resumed by the same key, once")
  void crashedChargeIsResumed() throws Exception {
    JsonObject request = request("alice", "key-1", "tok_visa");
    ChargeRequest charge = ChargeRequest.parse(request, PaymentVerticle.chargeSchema(), 50);
    Instant crashedAt = Instant.now().minusSeconds(120);
    JsonObject pending =
        charge.pendingPayment(
            "crashed-payment",
            "simulated",
            PaymentStore.lease("crashed-node", crashedAt.plusSeconds(60)),
            crashedAt);
    await(payments.database.insert("payments", pending));

    JsonObject outcome = await(payments.service.charge(request));

    assertThat(outcome)
        .isEqualTo(new JsonObject().put("paymentId", "crashed-payment").put("status", "succeeded"));
    assertThat(payments.stored()).hasSize(1);
    assertThat(payments.stored("crashed-payment").getString("status")).isEqualTo("succeeded");
  }

  @Test
  @DisplayName(
      "A request repeating a key whose charge is running waits, then gets 409 if it never ends")
  void runningChargeIsWaitedFor(Vertx vertx) throws Exception {
    payments.stop();
    payments =
        PaymentNode.start(
            vertx, config -> config.getJsonObject("payment").put("in-progress-wait-ms", 300));
    JsonObject request = request("alice", "key-1", "tok_visa");
    JsonObject running =
        ChargeRequest.parse(request, PaymentVerticle.chargeSchema(), 50)
            .pendingPayment(
                "running-payment",
                "simulated",
                PaymentStore.lease("other-node", Instant.now().plusSeconds(60)),
                Instant.now());
    await(payments.database.insert("payments", running));

    ServiceException inProgress = failure(payments.service.charge(request));

    assertThat(inProgress.failureCode()).isEqualTo(PaymentService.CONFLICT);
    assertThat(inProgress.getMessage()).contains("still being charged");
    assertThat(payments.stored("running-payment").getString("status")).isEqualTo("pending");
  }

  private static ServiceException failure(Future<JsonObject> charge) throws Exception {
    try {
      JsonObject outcome = await(charge);
      throw new AssertionError("Expected a failure, got " + outcome);
    } catch (ExecutionException failed) {
      assertThat(failed.getCause()).isInstanceOf(ServiceException.class);
      return (ServiceException) failed.getCause();
    }
  }
}
