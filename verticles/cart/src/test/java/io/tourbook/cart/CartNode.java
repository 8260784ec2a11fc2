package io.tourbook.cart;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.contracts.listing.ListingService;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node running the cart service, with fakes of listing.service and payment.service bound on its
 * event bus, over clean test backing services.
 */
final class CartNode {

  static final String CARTS = "/api/v1/carts";

  final TestNode node;
  final FakeListingService listings;
  final FakePaymentService payments;
  final String paymentsDeployment;

  private CartNode(
      TestNode node,
      FakeListingService listings,
      FakePaymentService payments,
      String paymentsDeployment) {
    this.node = node;
    this.listings = listings;
    this.payments = payments;
    this.paymentsDeployment = paymentsDeployment;
  }

  /** Starts it; {@code configure} may change the config first (e.g. cart.max-items). */
  static CartNode start(Vertx vertx, Consumer<JsonObject> configure) throws Exception {
    JsonObject config = TestNode.freshConfig(configure);
    FakeListingService listings = new FakeListingService();
    FakePaymentService payments = new FakePaymentService(vertx);
    await(
        vertx.deployVerticle(
            new ServiceVerticle<>(ListingService.class, ListingService.ADDRESS, listings)));
    String paymentsDeployment =
        await(
            vertx.deployVerticle(
                new ServiceVerticle<>(PaymentService.class, PaymentService.ADDRESS, payments)));
    TestNode node = await(TestNode.start(vertx, config, List.of(new CartModule())));
    return new CartNode(node, listings, payments, paymentsDeployment);
  }

  void stop() throws Exception {
    await(node.stop());
  }

  String customer(String subject) {
    return node.token(subject, "customer");
  }

  HttpResponse<Buffer> cart(String token) throws Exception {
    return await(node.get(CARTS + "/me", token));
  }

  HttpResponse<Buffer> add(String token, String listingId) throws Exception {
    return await(
        node.post(CARTS + "/me/items", token, new JsonObject().put("listingId", listingId)));
  }

  /** Adds the listing and asserts it was added. */
  void added(String token, String listingId) throws Exception {
    HttpResponse<Buffer> response = add(token, listingId);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
  }

  Future<HttpResponse<Buffer>> checkout(String token, String key, String body) {
    var request =
        node.request(io.vertx.core.http.HttpMethod.POST, CARTS + "/me/checkout", token)
            .putHeader("Content-Type", "application/json");
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }
}
