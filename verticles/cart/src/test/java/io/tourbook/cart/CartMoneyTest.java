package io.tourbook.cart;

import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.cart.store.CartStore;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Cart money: one charge per cart, the live total, free tours")
class CartMoneyTest {

  private static final String VISA = "{\"paymentToken\": \"tok_visa\"}";

  private Vertx vertx;
  private CartNode cart;
  private String alice;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    cart = CartNode.start(vertx, config -> {});
    cart.listings.add("villa", "Villa with a view", usd(40.5), 40.7128, -74.0060);
    cart.listings.add("loft", "Downtown loft", usd(25), 40.7306, -73.9866);
    alice = cart.customer("alice");
    cart.added(alice, "villa");
  }

  @AfterEach
  void stop() throws Exception {
    cart.stop();
  }

  @Test
  @DisplayName(
      "Two nodes each taking one of two concurrent checkouts of one cart under different keys charge once")
  void concurrentCheckoutsOnTwoNodesChargeOnce() throws Exception {
    TestNode second = await(TestNode.start(vertx, cart.node.config, List.of(new CartModule())));
    try {
      cart.payments.answerAfter(300);

      Future<HttpResponse<Buffer>> first = cart.checkout(alice, "key-a", VISA);
      Future<HttpResponse<Buffer>> other =
          second
              .request(HttpMethod.POST, CartNode.CARTS + "/me/checkout", alice)
              .putHeader("Content-Type", "application/json")
              .putHeader("Idempotency-Key", "key-b")
              .sendBuffer(Buffer.buffer(VISA));
      await(Future.join(first, other));

      assertThat(cart.payments.charges()).hasSize(1);
      assertThat(List.of(first.result().statusCode(), other.result().statusCode()))
          .containsExactlyInAnyOrder(201, 409);
      assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isZero();
    } finally {
      await(second.stop());
    }
  }

  @Test
  @DisplayName(
      "A checkout under a new key after a paid one finds the cart empty and charges nothing")
  void secondKeyAfterPaymentChargesNothing() throws Exception {
    assertThat(await(cart.checkout(alice, "key-a", VISA)).statusCode()).isEqualTo(201);

    assertProblem(await(cart.checkout(alice, "key-b", VISA)), 409);
    assertThat(cart.payments.charges()).hasSize(1);
  }

  @Test
  @DisplayName(
      "A checkout finding the cart held by one that crashed after recording its charge finishes that charge")
  void crashedHolderIsFinishedNotChargedAgain() throws Exception {
    assertThat(await(cart.checkout(alice, "key-a", VISA)).statusCode()).isEqualTo(201);
    // What a node killed after charging but before anything else leaves: the cart still holds the
    // paid listing and is claimed by a running checkout whose lease ran out.
    MongoClient mongo = database();
    JsonObject record =
        await(mongo.findOne("checkouts", new JsonObject().put("key", "key-a"), null));
    await(
        mongo.updateCollection(
            "checkouts",
            new JsonObject().put("_id", record.getString("_id")),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put("status", CartStore.RUNNING)
                        .put("lease", CartStore.lease("killed-node", Instant.EPOCH)))
                .put("$unset", new JsonObject().put("outcome", ""))));
    cart.added(alice, "villa");
    JsonObject stored = await(mongo.findOne("carts", new JsonObject().put("_id", "alice"), null));
    await(
        mongo.updateCollection(
            "carts",
            new JsonObject().put("_id", "alice"),
            new JsonObject()
                .put(
                    "$set",
                    new JsonObject()
                        .put(
                            CartStore.CLAIM,
                            new JsonObject()
                                .put("checkoutId", record.getString("_id"))
                                .put(CartStore.VERSION, CartStore.version(stored))))));
    mongo.close();

    HttpResponse<Buffer> other = await(cart.checkout(alice, "key-b", VISA));

    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(201);
    // The fake payment service never deduplicates: the second call re-sent the first charge
    // under its key, which payment.service answers with the same payment.
    assertThat(cart.payments.charges()).hasSize(2);
    assertThat(cart.payments.charges().get(1)).isEqualTo(cart.payments.charges().get(0));
    assertThat(cart.payments.charges().get(1).getString("idempotencyKey")).isEqualTo("key-a");
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isZero();
  }

  @Test
  @DisplayName("The cart shows a listing's current title and fee, and checkout charges that total")
  void feeChangeIsSeenAndCharged() throws Exception {
    cart.added(alice, "loft");
    cart.listings.add("villa", "Villa with a sea view", usd(45), 40.7128, -74.0060);

    JsonObject view = cart.cart(alice).bodyAsJsonObject();
    JsonObject villa = view.getJsonArray("items").getJsonObject(0);
    assertThat(villa.getString("title")).isEqualTo("Villa with a sea view");
    assertThat(villa.getJsonObject("tourFee")).isEqualTo(usd(45.0));
    assertThat(villa.getBoolean("tourable")).isTrue();
    assertThat(view.getJsonObject("total")).isEqualTo(usd(70.0));
    assertThat(view.getBoolean("live")).isTrue();

    HttpResponse<Buffer> paid =
        await(
            cart.checkout(
                alice,
                "key-1",
                new JsonObject()
                    .put("paymentToken", "tok_visa")
                    .put("expectedTotal", usd(70))
                    .encode()));

    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    JsonObject charge = cart.payments.charges().get(0);
    assertThat(charge.getJsonObject("amount")).isEqualTo(usd(70.0));
    assertThat(charge.getJsonArray("items").getJsonObject(0).getString("title"))
        .isEqualTo("Villa with a sea view");
  }

  @Test
  @DisplayName("A checkout expecting another total is 409 with the current one and charges nothing")
  void expectedTotalMismatchIs409() throws Exception {
    cart.listings.add("villa", "Villa with a view", usd(45), 40.7128, -74.0060);

    HttpResponse<Buffer> refused =
        await(
            cart.checkout(
                alice,
                "key-1",
                new JsonObject()
                    .put("paymentToken", "tok_visa")
                    .put("expectedTotal", usd(40.5))
                    .encode()));

    JsonObject problem = assertProblem(refused, 409);
    assertThat(problem.getString("detail")).contains("45");
    assertThat(problem.getJsonArray("errors").getJsonObject(0).getJsonObject("total"))
        .isEqualTo(usd(45.0));
    assertThat(cart.payments.charges()).isEmpty();
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(1);

    HttpResponse<Buffer> paid =
        await(
            cart.checkout(
                alice,
                "key-1",
                new JsonObject()
                    .put("paymentToken", "tok_visa")
                    .put("expectedTotal", usd(45))
                    .encode()));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
  }

  @Test
  @DisplayName("A listing gone from listing.service shows as not tourable and leaves the total")
  void deletedListingIsNotTourable() throws Exception {
    cart.added(alice, "loft");
    cart.listings.setVisible("loft", false);

    JsonObject view = cart.cart(alice).bodyAsJsonObject();
    JsonArray items = view.getJsonArray("items");
    assertThat(items.getJsonObject(0).getBoolean("tourable")).isTrue();
    assertThat(items.getJsonObject(1).getString("listingId")).isEqualTo("loft");
    assertThat(items.getJsonObject(1).getBoolean("tourable")).isFalse();
    assertThat(view.getJsonObject("total")).isEqualTo(usd(40.5));
    assertProblem(await(cart.checkout(alice, "key-1", VISA)), 409);
    assertThat(cart.payments.charges()).isEmpty();
  }

  @Test
  @DisplayName("A cart whose total is 0 checks out without a payment token and books the tour")
  void freeCartChecksOutWithoutAToken() throws Exception {
    cart.listings.add("garden", "Open garden", usd(0), 40.70, -74.01);
    String bob = cart.customer("bob");
    cart.added(bob, "garden");

    HttpResponse<Buffer> paid = await(cart.checkout(bob, "key-1", "{}"));

    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    JsonObject charge = cart.payments.charges().get(0);
    assertThat(charge.getJsonObject("amount")).isEqualTo(usd(0.0));
    assertThat(charge.containsKey("paymentToken")).isFalse();
    assertThat(cart.cart(bob).bodyAsJsonObject().getInteger("itemCount")).isZero();
  }

  private MongoClient database() {
    return MongoClient.create(
        vertx,
        new JsonObject()
            .put("connection_string", cart.node.config.getJsonObject("mongo").getString("uri"))
            .put("db_name", CartVerticle.DATABASE));
  }

  private static JsonObject usd(double amount) {
    return new JsonObject().put("amount", amount).put("currency", "USD");
  }
}
