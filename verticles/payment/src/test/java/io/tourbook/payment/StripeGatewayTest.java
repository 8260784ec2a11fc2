package io.tourbook.payment;

import static io.tourbook.payment.PaymentNode.request;
import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.contracts.events.EventTypes;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.payment.gateway.StripeSignature;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The Stripe gateway, against a local server speaking Stripe's wire format")
class StripeGatewayTest {

  private static final String WEBHOOK_SECRET = "whsec_test_secret";
  private static final String WEBHOOK = PaymentNode.PAYMENTS + "/webhooks/stripe";
  private static final Duration EVENTS = Duration.ofSeconds(30);

  private FakeStripe stripe;
  private PaymentNode payments;
  private final StripeSignature signer =
      new StripeSignature(WEBHOOK_SECRET, Duration.ofSeconds(300));

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    stripe = await(new FakeStripe().start(vertx));
    payments =
        PaymentNode.start(
            vertx,
            config ->
                config
                    .getJsonObject("payment")
                    .put("gateway", "stripe")
                    .getJsonObject("stripe")
                    .put("api-base", stripe.baseUrl())
                    .put("secret-key", FakeStripe.SECRET_KEY)
                    .put("webhook-secret", WEBHOOK_SECRET)
                    .put("timeout-ms", 5000));
  }

  @AfterEach
  void stop() throws Exception {
    payments.stop();
    await(stripe.stop());
  }

  @Test
  @DisplayName(
      "A charge confirms one PaymentIntent: form-encoded, minor units, secret key as Bearer, payment id as idempotency key")
  void chargeCreatesAConfirmedPaymentIntent() throws Exception {
    JsonObject outcome = await(payments.service.charge(request("alice", "key-1", "tok_visa")));

    assertThat(outcome.getString("status")).isEqualTo("succeeded");
    String paymentId = outcome.getString("paymentId");
    FakeStripe.Received sent = stripe.received().get(0);
    assertThat(sent.headers().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(sent.headers().get("Authorization")).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
    assertThat(sent.headers().get("Idempotency-Key")).contains(paymentId);
    assertThat(sent.form().get("amount")).isEqualTo("6550");
    assertThat(sent.form().get("currency")).isEqualTo("usd");
    assertThat(sent.form().get("payment_method")).isEqualTo("tok_visa");
    assertThat(sent.form().get("confirm")).isEqualTo("true");
    assertThat(sent.form().get("metadata[paymentId]")).isEqualTo(paymentId);

    JsonObject stored = payments.stored(paymentId);
    assertThat(stored.getString("status")).isEqualTo("succeeded");
    assertThat(stored.getString("gateway")).isEqualTo("stripe");
    assertThat(stored.getString("gatewayRef")).isEqualTo("pi_fake1");
    assertThat(payments.events.await(EventTypes.PAYMENT_SUCCEEDED, paymentId).toJson().encode())
        .doesNotContain("tok_visa")
        .doesNotContain(FakeStripe.SECRET_KEY);
  }

  @Test
  @DisplayName(
      "A card decline (HTTP 402 card_error) is stored failed with Stripe's code and answered 402")
  void declineIsStoredFailed() throws Exception {
    ServiceException declined =
        failure(payments.service.charge(request("alice", "key-1", "tok_chargeDeclined")));

    assertThat(declined.failureCode()).isEqualTo(PaymentService.DECLINED);
    assertThat(declined.getMessage()).isEqualTo("card_declined");
    JsonObject stored = payments.stored(declined.getDebugInfo().getString("paymentId"));
    assertThat(stored.getString("status")).isEqualTo("failed");
    assertThat(stored.getString("reason")).isEqualTo("card_declined");
    assertThat(stored.getString("gatewayRef")).isEqualTo("pi_fake1");
  }

  @Test
  @DisplayName(
      "When Stripe cannot be reached the payment stays pending; the same key resumes it, with Stripe's idempotency")
  void outageLeavesPendingAndSameKeyResumes() throws Exception {
    stripe.failNext(1);

    ServiceException unavailable =
        failure(payments.service.charge(request("alice", "key-1", "tok_visa")));
    assertThat(unavailable.failureCode()).isEqualTo(PaymentService.UNAVAILABLE);
    JsonObject pending = payments.stored().get(0);
    assertThat(pending.getString("status")).isEqualTo("pending");

    JsonObject outcome = await(payments.service.charge(request("alice", "key-1", "tok_visa")));

    assertThat(outcome.getString("paymentId")).isEqualTo(pending.getString("_id"));
    assertThat(outcome.getString("status")).isEqualTo("succeeded");
    assertThat(payments.stored()).hasSize(1);
    assertThat(stripe.received()).hasSize(2);
    assertThat(stripe.received().get(1).headers().get("Idempotency-Key"))
        .isEqualTo(stripe.received().get(0).headers().get("Idempotency-Key"));
    assertThat(stripe.intentsCreated()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "A PaymentIntent still processing stays pending until the signed webhook settles it, once")
  void webhookSettlesAProcessingPayment() throws Exception {
    JsonObject outcome = await(payments.service.charge(request("alice", "key-1", "tok_async")));
    assertThat(outcome.getString("status")).isEqualTo("pending");
    String paymentId = outcome.getString("paymentId");
    assertThat(payments.stored(paymentId).getString("gatewayRef")).isEqualTo("pi_fake1");
    assertThat(await(payments.service.charge(request("alice", "key-1", "tok_async"))))
        .isEqualTo(outcome);

    Buffer event = stripeEvent("evt_1", "payment_intent.succeeded", "pi_fake1", paymentId);
    HttpResponse<Buffer> applied = webhook(event, signer.header(now(), event));

    assertThat(applied.statusCode()).isEqualTo(200);
    assertThat(applied.bodyAsJsonObject().getString("result")).isEqualTo("APPLIED");
    JsonObject stored = payments.stored(paymentId);
    assertThat(stored.getString("status")).isEqualTo("succeeded");
    assertThat(stored.getJsonObject("lastChange").getString("actor")).isEqualTo("gateway:stripe");
    HttpResponse<Buffer> again = webhook(event, signer.header(now(), event));
    assertThat(again.bodyAsJsonObject().getString("result")).isEqualTo("IGNORED");
    payments.events.await(EventTypes.PAYMENT_SUCCEEDED, paymentId);
    EventEnvelope published = payments.events.seen().get(0);
    assertThat(published.type()).isEqualTo(EventTypes.PAYMENT_SUCCEEDED);
    assertThat(published.subject()).isEqualTo(paymentId);
  }

  @Test
  @DisplayName(
      "payment_intent.payment_failed settles a pending payment as failed with Stripe's code")
  void webhookFailsAProcessingPayment() throws Exception {
    String paymentId =
        await(payments.service.charge(request("alice", "key-1", "tok_async")))
            .getString("paymentId");
    JsonObject body =
        stripeEvent("evt_2", "payment_intent.payment_failed", "pi_fake1", paymentId).toJsonObject();
    body.getJsonObject("data")
        .getJsonObject("object")
        .put("status", "requires_payment_method")
        .put("last_payment_error", new JsonObject().put("code", "insufficient_funds"));
    Buffer event = body.toBuffer();

    assertThat(webhook(event, signer.header(now(), event)).statusCode()).isEqualTo(200);

    JsonObject stored = payments.stored(paymentId);
    assertThat(stored.getString("status")).isEqualTo("failed");
    assertThat(stored.getString("reason")).isEqualTo("insufficient_funds");
  }

  @Test
  @DisplayName(
      "Webhooks without a valid signature, or signed too long ago, are 400 and change nothing")
  void badSignaturesChangeNothing() throws Exception {
    String paymentId =
        await(payments.service.charge(request("alice", "key-1", "tok_async")))
            .getString("paymentId");
    Buffer event = stripeEvent("evt_3", "payment_intent.succeeded", "pi_fake1", paymentId);
    Buffer tampered =
        stripeEvent("evt_3", "payment_intent.succeeded", "pi_fake1", paymentId).appendString(" ");
    StripeSignature otherSecret = new StripeSignature("whsec_other", Duration.ofSeconds(300));

    assertProblem(webhook(event, null), 400);
    assertProblem(webhook(event, "t=" + now() + ",v1=00ff"), 400);
    assertProblem(webhook(event, "v1=" + signer.header(now(), event).split("v1=")[1]), 400);
    assertProblem(webhook(event, "t=soon," + signer.header(now(), event).split(",")[1]), 400);
    assertProblem(webhook(event, otherSecret.header(now(), event)), 400);
    assertProblem(webhook(tampered, signer.header(now(), event)), 400);
    assertThat(
            assertProblem(webhook(event, signer.header(now() - 301, event)), 400)
                .getString("detail"))
        .contains("tolerance");
    assertProblem(webhook(event, signer.header(now() + 301, event)), 400);
    Buffer notJson = Buffer.buffer("{\"type\": ");
    assertProblem(webhook(notJson, signer.header(now(), notJson)), 400);
    Buffer huge = Buffer.buffer("{\"pad\": \"" + "x".repeat(70_000) + "\"}");
    assertProblem(webhook(huge, signer.header(now(), huge)), 413);

    assertThat(payments.stored(paymentId).getString("status")).isEqualTo("pending");
    assertThat(payments.stored(paymentId).containsKey("lastChange")).isFalse();
  }

  @Test
  @DisplayName(
      "A cancelled tour is refunded through Stripe's Refunds API with an idempotency key, once")
  void cancelledTourIsRefundedThroughStripe() throws Exception {
    String paymentId =
        await(payments.service.charge(request("alice", "key-1", "tok_visa")))
            .getString("paymentId");
    Instant now = Instant.now();

    payments.cancelTour("tour-1", paymentId, now.plus(3, ChronoUnit.DAYS), now, "customer");

    Eventually.until(
        "the refund", EVENTS, () -> stored(paymentId).getString("status").equals("refunded"));
    FakeStripe.Received refund = stripe.received().get(stripe.received().size() - 1);
    assertThat(refund.headers().get("Idempotency-Key")).isEqualTo("tourbook-refund-refund-tour-1");
    assertThat(refund.form().get("payment_intent")).isEqualTo("pi_fake1");
    assertThat(refund.form().get("amount")).isEqualTo("6550");
    assertThat(stored(paymentId).getJsonArray("refunds").getJsonObject(0).getString("gatewayRef"))
        .isEqualTo("re_fake1");
    assertThat(stripe.refundsCreated()).isEqualTo(1);
  }

  @Test
  @DisplayName("A refund Stripe settles later is completed by the charge.refunded webhook, once")
  void chargeRefundedWebhookSettlesAPendingRefund() throws Exception {
    stripe.refundStatus("pending");
    String paymentId =
        await(payments.service.charge(request("alice", "key-1", "tok_visa")))
            .getString("paymentId");
    Instant now = Instant.now();
    payments.cancelTour("tour-1", paymentId, now.plus(3, ChronoUnit.DAYS), now, "platform");
    Eventually.until(
        "the refund asked",
        EVENTS,
        () ->
            stored(paymentId).getJsonArray("refunds", new JsonArray()).size() == 1
                && "re_fake1"
                    .equals(
                        stored(paymentId)
                            .getJsonArray("refunds")
                            .getJsonObject(0)
                            .getString("gatewayRef")));
    assertThat(stored(paymentId).getString("status")).isEqualTo("succeeded");

    Buffer event = chargeRefunded("evt_r1", "pi_fake1", 6550);
    HttpResponse<Buffer> applied = webhook(event, signer.header(now(), event));

    assertThat(applied.bodyAsJsonObject().getString("result")).isEqualTo("APPLIED");
    JsonObject settled = stored(paymentId);
    assertThat(settled.getString("status")).isEqualTo("refunded");
    assertThat(settled.getJsonArray("refunds").getJsonObject(0).getString("status"))
        .isEqualTo("succeeded");
    assertThat(webhook(event, signer.header(now(), event)).bodyAsJsonObject().getString("result"))
        .isEqualTo("IGNORED");
    assertThat(stripe.refundsCreated()).isEqualTo(1);
  }

  @Test
  @DisplayName("A refund made in Stripe's dashboard is recorded from charge.refunded")
  void dashboardRefundIsRecorded() throws Exception {
    String paymentId =
        await(payments.service.charge(request("alice", "key-1", "tok_visa")))
            .getString("paymentId");

    Buffer event = chargeRefunded("evt_r2", "pi_fake1", 1000);
    assertThat(webhook(event, signer.header(now(), event)).bodyAsJsonObject().getString("result"))
        .isEqualTo("APPLIED");

    JsonObject stored = payments.stored(paymentId);
    assertThat(stored.getString("status")).isEqualTo("partially_refunded");
    assertThat(stored.getJsonArray("refunds").getJsonObject(0).getJsonObject("amount"))
        .isEqualTo(new JsonObject().put("amount", 10.0).put("currency", "USD"));
  }

  private JsonObject stored(String paymentId) {
    try {
      return payments.stored(paymentId);
    } catch (Exception unreadable) {
      throw new IllegalStateException(unreadable);
    }
  }

  /** Stripe's charge.refunded: the Charge of the PaymentIntent, with what was refunded in all. */
  private static Buffer chargeRefunded(String id, String intentId, long amountRefunded) {
    return new JsonObject()
        .put("id", id)
        .put("object", "event")
        .put("created", now())
        .put("type", "charge.refunded")
        .put(
            "data",
            new JsonObject()
                .put(
                    "object",
                    new JsonObject()
                        .put("id", "ch_fake1")
                        .put("object", "charge")
                        .put("payment_intent", intentId)
                        .put("amount", 6550)
                        .put("amount_refunded", amountRefunded)
                        .put("refunded", amountRefunded >= 6550)
                        .put("currency", "usd")))
        .toBuffer();
  }

  private HttpResponse<Buffer> webhook(Buffer payload, String signature) throws Exception {
    var request =
        payments
            .node
            .request(HttpMethod.POST, WEBHOOK, null)
            .putHeader("Content-Type", "application/json");
    if (signature != null) {
      request.putHeader("Stripe-Signature", signature);
    }
    return await(request.sendBuffer(payload));
  }

  /** A Stripe event about a PaymentIntent, as Stripe posts it. */
  private static Buffer stripeEvent(String id, String type, String intentId, String paymentId) {
    return new JsonObject()
        .put("id", id)
        .put("object", "event")
        .put("api_version", "2024-06-20")
        .put("created", now())
        .put("type", type)
        .put("livemode", false)
        .put(
            "data",
            new JsonObject()
                .put(
                    "object",
                    new JsonObject()
                        .put("id", intentId)
                        .put("object", "payment_intent")
                        .put("amount", 6550)
                        .put("currency", "usd")
                        .put("status", "succeeded")
                        .put("metadata", new JsonObject().put("paymentId", paymentId))))
        .toBuffer();
  }

  private static long now() {
    return Instant.now().getEpochSecond();
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
