package io.tourbook.cart;

import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.cart.http.CartRoutes;
import io.tourbook.cart.store.CartStore;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Checkout")
class CheckoutTest {

  private static final String VISA = "{\"paymentToken\": \"tok_visa\"}";
  private static final String DECLINED = "{\"paymentToken\": \"tok_chargeDeclined\"}";

  private Vertx vertx;
  private CartNode cart;
  private String alice;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    cart =
        CartNode.start(vertx, config -> config.getJsonObject("cart").put("max-preferred-times", 2));
    cart.listings.add(
        "villa",
        "Villa with a view",
        new JsonObject().put("amount", 40.5).put("currency", "USD"),
        40.7128,
        -74.0060);
    cart.listings.add("loft", "Downtown loft", null, 40.7306, -73.9866);
    alice = cart.customer("alice");
    cart.added(alice, "villa");
    cart.added(alice, "loft");
  }

  @AfterEach
  void stop() throws Exception {
    cart.stop();
  }

  @Test
  @DisplayName(
      "Checkout charges the cart's listings (with their provider and address) once, answers 201 and empties the cart; a preferred time is a window or a bare ISO start")
  void checkoutChargesAndEmptiesTheCart() throws Exception {
    Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonObject body =
        new JsonObject()
            .put("paymentToken", "tok_visa")
            .put(
                "preferredTimes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("start", start.atOffset(ZoneOffset.ofHours(2)).toString())
                            .put("end", start.plus(2, ChronoUnit.HOURS).toString()))
                    .add(
                        start
                            .plus(1, ChronoUnit.DAYS)
                            .atOffset(ZoneOffset.ofHours(-5))
                            .toString()));

    HttpResponse<Buffer> response = await(cart.checkout(alice, "key-1", body.encode()));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("paymentId", "payment-1").put("status", "succeeded"));
    assertThat(response.getHeader(CartRoutes.REPLAYED)).isNull();
    JsonObject charge = cart.payments.charges().get(0);
    assertThat(charge.getString("idempotencyKey")).isEqualTo("key-1");
    assertThat(charge.getString("customerId")).isEqualTo("alice");
    assertThat(charge.getString("paymentToken")).isEqualTo("tok_visa");
    assertThat(charge.getJsonObject("amount"))
        .isEqualTo(new JsonObject().put("amount", 65.5).put("currency", "USD"));
    assertThat(
            charge.getJsonArray("items").stream()
                .map(item -> ((JsonObject) item).getString("listingId")))
        .containsExactly("villa", "loft");
    JsonObject first = charge.getJsonArray("items").getJsonObject(0);
    assertThat(first.fieldNames())
        .containsExactlyInAnyOrder(
            "listingId", "providerId", "title", "address", "tourFee", "location");
    assertThat(first.getString("providerId")).isEqualTo("provider-1");
    assertThat(first.getJsonObject("address"))
        .isEqualTo(
            new JsonObject()
                .put("street", "1 Main St")
                .put("city", "Springfield")
                .put("country", "US"));
    assertThat(charge.getJsonArray("preferredTimes"))
        .containsExactly(
            new JsonObject()
                .put("start", start.toString())
                .put("end", start.plus(2, ChronoUnit.HOURS).toString()),
            new JsonObject().put("start", start.plus(1, ChronoUnit.DAYS).toString()));
    assertThat(cart.cart(alice).bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("Repeating the key returns the first outcome and never charges again")
  void sameKeyTwiceChargesOnce() throws Exception {
    HttpResponse<Buffer> first = await(cart.checkout(alice, "key-1", VISA));
    cart.added(alice, "villa");
    HttpResponse<Buffer> second = await(cart.checkout(alice, "key-1", VISA));

    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(second.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(second.getHeader(CartRoutes.REPLAYED)).isEqualTo("true");
    assertThat(cart.payments.charges()).hasSize(1);
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "A retry taking over a checkout whose node died after emptying the cart re-sends the charge that run recorded")
  void takeoverAfterACrashResendsTheRecordedCharge() throws Exception {
    HttpResponse<Buffer> first = await(cart.checkout(alice, "key-1", VISA));
    MongoClient mongo =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", cart.node.config.getJsonObject("mongo").getString("uri"))
                .put("db_name", CartVerticle.DATABASE));
    // What a node killed after the charge and after emptying the cart, but before recording the
    // outcome, leaves behind: a running checkout whose lease has run out.
    await(
        mongo.updateCollection(
            "checkouts",
            new JsonObject().put("customerId", "alice").put("key", "key-1"),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", CartStore.RUNNING)
                        .put("lease", CartStore.lease("killed-node", Instant.EPOCH)))
                .put("$unset", new JsonObject().put("outcome", ""))));
    mongo.close();

    HttpResponse<Buffer> retried = await(cart.checkout(alice, "key-1", VISA));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    // The fake payment service never deduplicates; payment.service answers the same charge under
    // the same key with the first payment.
    assertThat(cart.payments.charges()).hasSize(2);
    assertThat(cart.payments.charges().get(1)).isEqualTo(cart.payments.charges().get(0));
  }

  @Test
  @DisplayName("A listing added while the payment runs stays in the cart: only paid listings leave")
  void listingAddedDuringCheckoutStays() throws Exception {
    cart.listings.add("barn", "Red barn", null, 40.65, -73.95);
    cart.payments.answerAfter(1000);

    Future<HttpResponse<Buffer>> checkout = cart.checkout(alice, "key-1", VISA);
    Eventually.until(
        "the charge to start", Duration.ofSeconds(10), () -> !cart.payments.charges().isEmpty());
    cart.added(alice, "barn");

    assertThat(await(checkout).statusCode()).isEqualTo(201);
    JsonArray items = cart.cart(alice).bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("listingId")).isEqualTo("barn");
  }

  @Test
  @DisplayName("Two concurrent checkouts with the same key make one charge and the same answer")
  void concurrentCheckoutsWithSameKeyChargeOnce(VertxTestContext testContext) {
    cart.payments.answerAfter(300);
    Checkpoint answered = testContext.checkpoint(2);
    Checkpoint chargedOnce = testContext.checkpoint();
    Handler<AsyncResult<HttpResponse<Buffer>>> paid =
        testContext.succeeding(
            response ->
                testContext.verify(
                    () -> {
                      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
                      assertThat(response.bodyAsJsonObject().getString("paymentId"))
                          .isEqualTo("payment-1");
                      answered.flag();
                    }));

    Future<HttpResponse<Buffer>> first = cart.checkout(alice, "key-1", VISA).onComplete(paid);
    Future<HttpResponse<Buffer>> second = cart.checkout(alice, "key-1", VISA).onComplete(paid);

    Future.all(first, second)
        .onComplete(
            testContext.succeeding(
                both ->
                    testContext.verify(
                        () -> {
                          assertThat(cart.payments.charges()).hasSize(1);
                          assertThat(
                                  Stream.of(first.result(), second.result())
                                      .filter(r -> r.getHeader(CartRoutes.REPLAYED) == null))
                              .hasSize(1);
                          chargedOnce.flag();
                        })));
  }

  @Test
  @DisplayName(
      "A declined payment is 402 with the reason, keeps the cart, and repeats without a new charge")
  void declineIs402AndKeepsTheCart() throws Exception {
    HttpResponse<Buffer> declined = await(cart.checkout(alice, "key-1", DECLINED));

    JsonObject problem = assertProblem(declined, 402);
    assertThat(problem.getString("detail")).contains("card_declined");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("detail"))
        .isEqualTo("card_declined");
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(2);

    HttpResponse<Buffer> repeated = await(cart.checkout(alice, "key-1", DECLINED));
    JsonObject again = assertProblem(repeated, 402);
    assertThat(again.getJsonArray("errors")).isEqualTo(problem.getJsonArray("errors"));
    assertThat(again.getJsonArray("errors").getJsonObject(0).getString("paymentId"))
        .isEqualTo("payment-1");
    assertThat(repeated.getHeader(CartRoutes.REPLAYED)).isEqualTo("true");
    assertThat(cart.payments.charges()).hasSize(1);

    HttpResponse<Buffer> paid = await(cart.checkout(alice, "key-2", VISA));
    assertThat(paid.statusCode()).isEqualTo(201);
    assertThat(cart.payments.charges()).hasSize(2);
  }

  @Test
  @DisplayName("A checkout without a valid Idempotency-Key is 400 and charges nothing")
  void idempotencyKeyIsRequired() throws Exception {
    assertThat(assertProblem(await(cart.checkout(alice, null, VISA)), 400).getString("detail"))
        .contains("Idempotency-Key");
    assertProblem(await(cart.checkout(alice, "", VISA)), 400);
    assertProblem(await(cart.checkout(alice, "k".repeat(129), VISA)), 400);
    assertProblem(await(cart.checkout(alice, "key with spaces", VISA)), 400);
    assertProblem(await(cart.checkout(alice, "{\"$ne\":1}", VISA)), 400);

    assertThat(cart.payments.charges()).isEmpty();
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(2);
  }

  @Test
  @DisplayName("Bad checkout bodies are 400, charge nothing and leave the key unused")
  void badBodiesChargeNothing() throws Exception {
    Instant now = Instant.now();
    List<String> bodies =
        List.of(
            "{\"paymentToken\": ",
            "{}",
            "{\"paymentToken\": \"tok_visa\", \"amount\": 1}",
            "{\"paymentToken\": {\"$ne\": null}}",
            "{\"paymentToken\": \"tok visa\"}",
            "{\"paymentToken\": \"tok_visa\", \"preferredTimes\": [{\"start\": \"tomorrow\"}]}",
            "{\"paymentToken\": \"tok_visa\", \"preferredTimes\": [\"tomorrow\"]}",
            "{\"paymentToken\": \"tok_visa\", \"preferredTimes\": [7]}",
            times(now.minus(1, ChronoUnit.HOURS)),
            times(now.plus(400, ChronoUnit.DAYS)),
            times(now.plus(91, ChronoUnit.DAYS)),
            times(Instant.parse("9999-12-31T10:00:00Z")),
            times(
                now.plus(1, ChronoUnit.DAYS),
                now.plus(2, ChronoUnit.DAYS),
                now.plus(3, ChronoUnit.DAYS)),
            "{\"paymentToken\": \"tok_visa\", \"preferredTimes\": [{\"start\": \""
                + now.plus(2, ChronoUnit.DAYS)
                + "\", \"end\": \""
                + now.plus(1, ChronoUnit.DAYS)
                + "\"}]}",
            "{\"paymentToken\": \"tok_visa\", \"preferredTimes\": [{\"start\": {\"$gt\": \"\"}}]}");
    for (String body : bodies) {
      assertProblem(await(cart.checkout(alice, "key-1", body)), 400);
    }
    assertThat(cart.payments.charges()).isEmpty();
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(2);

    assertThat(await(cart.checkout(alice, "key-1", VISA)).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName(
      "A listing hidden since it was added is 409 naming it; nothing is charged and the key stays usable")
  void hiddenListingBlocksCheckout() throws Exception {
    cart.listings.setVisible("loft", false);

    JsonObject problem = assertProblem(await(cart.checkout(alice, "key-1", VISA)), 409);
    assertThat(problem.getString("detail")).contains("loft").doesNotContain("villa");
    assertThat(cart.payments.charges()).isEmpty();
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(2);

    cart.listings.setVisible("loft", true);
    assertThat(await(cart.checkout(alice, "key-1", VISA)).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("An empty cart cannot be checked out")
  void emptyCartIs409() throws Exception {
    String bob = cart.customer("bob");
    assertThat(assertProblem(await(cart.checkout(bob, "key-1", VISA)), 409).getString("detail"))
        .contains("empty");
    assertThat(cart.payments.charges()).isEmpty();
  }

  @Test
  @DisplayName("The same key with other preferred times is 422 and charges nothing more")
  void sameKeyDifferentRequestIs422() throws Exception {
    await(cart.checkout(alice, "key-1", VISA));
    String other = times(Instant.now().plus(1, ChronoUnit.DAYS));

    assertProblem(await(cart.checkout(alice, "key-1", other)), 422);
    assertThat(cart.payments.charges()).hasSize(1);
  }

  @Test
  @DisplayName("Keys belong to a customer: another customer's same key is their own checkout")
  void keysArePerCustomer() throws Exception {
    String bob = cart.customer("bob");
    cart.added(bob, "villa");

    await(cart.checkout(alice, "key-1", VISA));
    HttpResponse<Buffer> bobs = await(cart.checkout(bob, "key-1", VISA));

    assertThat(bobs.statusCode()).isEqualTo(201);
    assertThat(bobs.bodyAsJsonObject().getString("paymentId")).isEqualTo("payment-2");
    assertThat(cart.payments.charges()).hasSize(2);
  }

  @Test
  @DisplayName(
      "A refused token gives the key back; after an unreachable payment service the key resumes its recorded charge")
  void failuresWithoutAPaymentOutcomeReleaseTheKey() throws Exception {
    assertProblem(await(cart.checkout(alice, "key-1", "{\"paymentToken\": \"tok_unknown\"}")), 400);
    await(vertx.undeploy(cart.paymentsDeployment));
    assertProblem(await(cart.checkout(alice, "key-2", VISA)), 503);
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(2);

    await(
        vertx.deployVerticle(
            new ServiceVerticle<>(PaymentService.class, PaymentService.ADDRESS, cart.payments)));
    assertThat(await(cart.checkout(alice, "key-2", VISA)).statusCode()).isEqualTo(201);
    assertThat(cart.payments.charges()).hasSize(2);
  }

  @Test
  @DisplayName(
      "After payment.service did not answer, a checkout under another key re-sends that charge, not a new one")
  void anotherKeyAfterAnUnansweredChargeResendsIt() throws Exception {
    await(vertx.undeploy(cart.paymentsDeployment));
    assertProblem(await(cart.checkout(alice, "key-1", VISA)), 503);
    await(
        vertx.deployVerticle(
            new ServiceVerticle<>(PaymentService.class, PaymentService.ADDRESS, cart.payments)));

    HttpResponse<Buffer> other = await(cart.checkout(alice, "key-2", VISA));

    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(201);
    assertThat(cart.payments.charges()).singleElement();
    assertThat(cart.payments.charges().get(0).getString("idempotencyKey")).isEqualTo("key-1");
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isZero();
  }

  private static String times(Instant... starts) {
    JsonArray times = new JsonArray();
    for (Instant start : starts) {
      times.add(new JsonObject().put("start", start.toString()));
    }
    return new JsonObject().put("paymentToken", "tok_visa").put("preferredTimes", times).encode();
  }
}
