package io.tourbook.payment;

import static io.tourbook.payment.PaymentNode.PAYMENTS;
import static io.tourbook.payment.PaymentNode.request;
import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Payments over HTTP")
class PaymentRoutesTest {

  private PaymentNode payments;
  private String alice;
  private String admin;
  private String alicePaid;
  private String aliceDeclined;
  private String bobPaid;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    payments = PaymentNode.start(vertx, config -> {});
    alice = payments.node.token("alice", "customer");
    admin = payments.node.token("root", "admin");
    alicePaid = charge("alice", "key-1", "tok_visa");
    aliceDeclined = charge("alice", "key-2", "tok_chargeDeclined");
    bobPaid = charge("bob", "key-1", "tok_visa");
  }

  @AfterEach
  void stop() throws Exception {
    payments.stop();
  }

  @Test
  @DisplayName("A customer lists only their own payments, filtered by status")
  void customerListsOwnPayments() throws Exception {
    assertThat(ids(get(PAYMENTS, alice))).containsExactlyInAnyOrder(alicePaid, aliceDeclined);
    assertThat(ids(get(PAYMENTS + "?status=failed", alice))).containsExactly(aliceDeclined);
    assertThat(ids(get(PAYMENTS + "?customerId=alice", alice))).hasSize(2);
    assertProblem(get(PAYMENTS + "?customerId=bob", alice), 403);
  }

  @Test
  @DisplayName("An admin lists all payments, filtered by customer and status, a page at a time")
  void adminListsAllPayments() throws Exception {
    assertThat(ids(get(PAYMENTS, admin))).hasSize(3);
    assertThat(ids(get(PAYMENTS + "?customerId=bob", admin))).containsExactly(bobPaid);
    assertThat(ids(get(PAYMENTS + "?status=succeeded", admin)))
        .containsExactlyInAnyOrder(alicePaid, bobPaid);
    JsonObject page = get(PAYMENTS + "?page=2&size=2", admin).bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getLong("total")).isEqualTo(3);
  }

  @Test
  @DisplayName("A payment shows to its customer and admins; to anyone else it does not exist")
  void paymentIsVisibleToOwnerAndAdmin() throws Exception {
    JsonObject payment = get(PAYMENTS + "/" + alicePaid, alice).bodyAsJsonObject();
    assertThat(payment.getString("id")).isEqualTo(alicePaid);
    assertThat(payment.getString("status")).isEqualTo("succeeded");
    assertThat(payment.getJsonObject("amount").getDouble("amount")).isEqualTo(65.5);
    assertThat(payment.fieldNames()).doesNotContain("_id", "requestHash", "lease");
    assertThat(get(PAYMENTS + "/" + aliceDeclined, admin).bodyAsJsonObject().getString("reason"))
        .isEqualTo("card_declined");

    assertProblem(get(PAYMENTS + "/" + bobPaid, alice), 404);
    assertProblem(get(PAYMENTS + "/nothing-here", admin), 404);
  }

  @Test
  @DisplayName("Bad query parameters and ids are 400")
  void badParametersAre400() throws Exception {
    assertProblem(get(PAYMENTS + "?status=stolen", admin), 400);
    assertProblem(get(PAYMENTS + "?status=failed&status=pending", admin), 400);
    assertProblem(get(PAYMENTS + "?customerId=%7B%22%24ne%22%3A1%7D", admin), 400);
    assertProblem(get(PAYMENTS + "?size=-1", admin), 400);
    assertProblem(get(PAYMENTS + "/bad%24id", admin), 400);
  }

  @Test
  @DisplayName("Without a webhook secret the Stripe webhook route is 404 and changes nothing")
  void webhookIsOffWithoutASecret() throws Exception {
    assertProblem(
        await(payments.node.post(PAYMENTS + "/webhooks/stripe", null, "{\"type\": \"x\"}")), 404);
    assertThat(payments.stored()).hasSize(3);
  }

  @Test
  @DisplayName("Every route answers every role as its table says")
  void authorizationMatrix() throws Exception {
    assertThat(await(AuthorizationMatrix.violations(payments.node))).isEmpty();
  }

  private String charge(String customer, String key, String token) throws Exception {
    return await(
            payments
                .service
                .charge(request(customer, key, token))
                .recover(
                    declined ->
                        Future.succeededFuture(((ServiceException) declined).getDebugInfo())))
        .getString("paymentId");
  }

  private HttpResponse<Buffer> get(String path, String token) throws Exception {
    return await(payments.node.get(path, token));
  }

  private static List<String> ids(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(item -> ((JsonObject) item).getString("id")).toList();
  }
}
