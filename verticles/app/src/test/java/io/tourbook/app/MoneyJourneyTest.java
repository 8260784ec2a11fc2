package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import io.tourbook.platform.health.Metrics;
import io.tourbook.platform.node.NodeRuntime;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The customer's money, end to end on one node with every service. */
@DisplayName("Money journey")
class MoneyJourneyTest {

  private static final double LAT = 6.4500;
  private static final double LON = 3.3900;

  private Vertx metered;
  private Platform platform;

  /**
   * Any customer cancel before the start is refunded in full, so the refund is deterministic. The
   * node's Vert.x has metrics on, as the launcher's does.
   */
  @BeforeEach
  void setUp() throws Exception {
    metered = Vertx.vertx(new VertxOptions().setMetricsOptions(Metrics.options()));
    platform =
        Platform.start(
            metered,
            config ->
                config
                    .getJsonObject("payment")
                    .put("refund", new JsonObject().put("full-before-hours", 0)),
            NodeRuntime.availableServices());
  }

  @AfterEach
  void tearDown() throws Exception {
    await(platform.node.stop());
    await(metered.close());
    assertThat(platform.contract.violations())
        .as(
            "answers that /openapi.json does not describe, of %d checked",
            platform.contract.checked())
        .isEmpty();
  }

  @Test
  @DisplayName(
      "A raised fee shows in the cart and is what is charged; cancelling refunds it, records it in iam and mails the customer; the domain counters show each step")
  void feeChangeChargeAndRefund() throws Exception {
    Platform.CartReady ready = platform.customerWithListingInCart("Flat A", LAT, LON, 30);
    String provider = ready.provider();
    String listingId = ready.listingId();
    String customer = ready.customer();
    String customerEmail = ready.customerEmail();

    HttpResponse<Buffer> patched =
        platform.call(
            HttpMethod.PATCH,
            "/api/v1/listings/" + listingId,
            provider,
            new JsonObject()
                .put("tourFee", new JsonObject().put("amount", 45).put("currency", "USD")));
    assertThat(patched.statusCode()).as(patched.bodyAsString()).isEqualTo(200);
    JsonObject cart = platform.get("/api/v1/carts/me", customer).bodyAsJsonObject();
    assertThat(cart.getJsonObject("total"))
        .isEqualTo(new JsonObject().put("amount", 45.0).put("currency", "USD"));

    HttpResponse<Buffer> stale = checkout(customer, 30);
    assertThat(stale.statusCode()).as(stale.bodyAsString()).isEqualTo(409);
    HttpResponse<Buffer> paid = checkout(customer, 45);
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    String paymentId = paid.bodyAsJsonObject().getString("paymentId");
    JsonObject payment = platform.get("/api/v1/payments/" + paymentId, customer).bodyAsJsonObject();
    assertThat(payment.getJsonObject("amount"))
        .isEqualTo(new JsonObject().put("amount", 45.0).put("currency", "USD"));

    JsonObject tours =
        platform.poll("/api/v1/tours", customer, page -> !page.getJsonArray("items").isEmpty());
    String tourId = tours.getJsonArray("items").getJsonObject(0).getString("id");
    HttpResponse<Buffer> cancelled =
        platform.call(HttpMethod.POST, "/api/v1/tours/" + tourId + "/cancel", customer, null);
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);

    JsonObject refunded =
        platform.poll(
            "/api/v1/payments/" + paymentId,
            customer,
            found -> "refunded".equals(found.getString("status")));
    JsonObject refund = refunded.getJsonArray("refunds").getJsonObject(0);
    assertThat(refund.getString("tourId")).isEqualTo(tourId);
    assertThat(refund.getJsonObject("amount"))
        .isEqualTo(new JsonObject().put("amount", 45.0).put("currency", "USD"));
    String customerId = platform.get("/api/v1/iam/me", customer).bodyAsJsonObject().getString("id");
    platform.poll(
        "/api/v1/iam/accounts/" + customerId,
        platform.adminToken,
        account ->
            account.getJsonArray("payments", new JsonArray()).stream()
                .map(JsonObject.class::cast)
                .anyMatch(record -> "refunded".equals(record.getString("status"))));
    GreenMail mail = TestBackingServices.get().mail().orElseThrow();
    Eventually.until(
        "the refund mailed", Platform.DEADLINE, () -> refundMailed(mail, customerEmail));
    assertThat(refundMailed(mail, customerEmail)).as("customer mailed the refund").isTrue();

    String metrics = platform.get("/metrics", null).bodyAsString();
    // For CI's promtool (.ci/run): the exposition of a node that has booked, charged and refunded.
    Files.writeString(Path.of("target", "metrics.txt"), metrics);
    assertThat(metrics)
        .contains(
            "tourbook_checkouts_total{outcome=\"booked\"} 1.0",
            "tourbook_checkouts_total{outcome=\"refused\"} 1.0",
            "tourbook_payments_total{outcome=\"succeeded\"} 1.0",
            "tourbook_refunds_total{status=\"refunded\"} 1.0",
            "tourbook_tours_ended_total{reason=\"customer\",status=\"CANCELLED\"} 1.0",
            "# HELP tourbook_tours_waiting Tours waiting for a realtor");
  }

  private HttpResponse<Buffer> checkout(String customer, double expectedTotal) throws Exception {
    return await(
        platform.checkout(
            customer,
            UUID.randomUUID().toString(),
            new JsonObject()
                .put("paymentToken", "tok_visa")
                .put(
                    "expectedTotal",
                    new JsonObject().put("amount", expectedTotal).put("currency", "USD"))
                .put("preferredTimes", Platform.preferredTimes())));
  }

  private static boolean refundMailed(GreenMail mail, String address) {
    return Arrays.stream(mail.getReceivedMessages())
        .anyMatch(
            message -> {
              try {
                return Arrays.toString(message.getAllRecipients()).contains(address)
                    && message.getSubject().startsWith("Your refund");
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            });
  }
}
