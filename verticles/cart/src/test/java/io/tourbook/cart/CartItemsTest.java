package io.tourbook.cart;

import static io.tourbook.cart.CartNode.CARTS;
import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Cart items over HTTP")
class CartItemsTest {

  private CartNode cart;
  private String alice;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    cart = CartNode.start(vertx, config -> config.getJsonObject("cart").put("max-items", 3));
    cart.listings.add("villa", "Villa with a view", fee(40.5, "USD"), 40.7128, -74.0060);
    cart.listings.add("loft", "Downtown loft", null, 40.7306, -73.9866);
    cart.listings.add("barn", "Red barn", fee(10, "USD"), 40.65, -73.95);
    cart.listings.add("chalet", "Swiss chalet", fee(30, "CHF"), 46.8, 8.2);
    alice = cart.customer("alice");
  }

  @AfterEach
  void stop() throws Exception {
    cart.stop();
  }

  @Test
  @DisplayName(
      "Added listings show as snapshots, with the default fee where none is set, and the total")
  void addedListingsShowSnapshotsAndTotal() throws Exception {
    cart.added(alice, "villa");
    cart.added(alice, "loft");

    JsonObject body = cart.cart(alice).bodyAsJsonObject();
    assertThat(body.getString("customerId")).isEqualTo("alice");
    assertThat(body.getInteger("itemCount")).isEqualTo(2);
    JsonObject villa = body.getJsonArray("items").getJsonObject(0);
    assertThat(villa.getString("listingId")).isEqualTo("villa");
    assertThat(villa.getString("title")).isEqualTo("Villa with a view");
    assertThat(villa.getJsonObject("tourFee")).isEqualTo(fee(40.5, "USD"));
    assertThat(villa.getJsonObject("location"))
        .isEqualTo(new JsonObject().put("lat", 40.7128).put("lon", -74.0060));
    JsonObject loft = body.getJsonArray("items").getJsonObject(1);
    assertThat(loft.getJsonObject("tourFee")).isEqualTo(fee(25.0, "USD"));
    assertThat(body.getJsonObject("total")).isEqualTo(fee(65.5, "USD"));
  }

  @Test
  @DisplayName("An empty cart shows no items and a zero total")
  void emptyCart() throws Exception {
    JsonObject body = cart.cart(alice).bodyAsJsonObject();
    assertThat(body.getJsonArray("items")).isEmpty();
    assertThat(body.getJsonObject("total")).isEqualTo(fee(0.0, "USD"));
  }

  @Test
  @DisplayName("A listing that is not visible, or does not exist, is refused with 404")
  void invisibleOrMissingListingIsRefused() throws Exception {
    cart.listings.setVisible("villa", false);

    assertThat(assertProblem(cart.add(alice, "villa"), 404).getString("detail")).contains("villa");
    assertProblem(cart.add(alice, "nowhere"), 404);
    assertThat(cart.cart(alice).bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("The same listing twice, a fourth item past the cap, or another currency is 409")
  void duplicatesOverflowAndMixedCurrenciesAreRefused() throws Exception {
    cart.added(alice, "villa");
    assertThat(assertProblem(cart.add(alice, "villa"), 409).getString("detail"))
        .contains("already");
    assertThat(assertProblem(cart.add(alice, "chalet"), 409).getString("detail")).contains("CHF");
    cart.added(alice, "loft");
    cart.added(alice, "barn");
    cart.listings.add("shed", "Garden shed", null, 40.6, -73.9);
    assertThat(assertProblem(cart.add(alice, "shed"), 409).getString("detail"))
        .contains("at most 3");

    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(3);
  }

  @Test
  @DisplayName("Concurrent adds of the same listing add it once")
  void concurrentAddsAddOnce() throws Exception {
    var first =
        cart.node.post(CARTS + "/me/items", alice, new JsonObject().put("listingId", "villa"));
    var second =
        cart.node.post(CARTS + "/me/items", alice, new JsonObject().put("listingId", "villa"));
    await(Future.join(first, second));

    assertThat(List.of(first.result().statusCode(), second.result().statusCode()))
        .containsExactlyInAnyOrder(201, 409);
    assertThat(cart.cart(alice).bodyAsJsonObject().getInteger("itemCount")).isEqualTo(1);
  }

  @Test
  @DisplayName("Removing an item empties its place; removing one not in the cart is 404")
  void removeItem() throws Exception {
    cart.added(alice, "villa");
    cart.added(alice, "loft");

    HttpResponse<Buffer> removed = await(cart.node.delete(CARTS + "/me/items/villa", alice));
    assertThat(removed.statusCode()).isEqualTo(200);
    assertThat(
            removed
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("listingId"))
        .isEqualTo("loft");
    assertProblem(await(cart.node.delete(CARTS + "/me/items/villa", alice)), 404);
    assertProblem(await(cart.node.delete(CARTS + "/me/items/bad$id", alice)), 400);
  }

  @Test
  @DisplayName("Each customer has their own cart, and admins list them all")
  void cartsArePerCustomerAndAdminsListThem() throws Exception {
    String bob = cart.customer("bob");
    cart.added(alice, "villa");
    cart.added(bob, "loft");

    assertThat(cart.cart(bob).bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    HttpResponse<Buffer> list =
        await(cart.node.get(CARTS + "?page=1&size=1", cart.node.token("root", "admin")));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsJsonObject().getLong("total")).isEqualTo(2);
    assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertProblem(
        await(cart.node.get(CARTS + "?size=zero", cart.node.token("root", "admin"))), 400);
  }

  @Test
  @DisplayName("Malformed, unknown, operator and oversized bodies are 4xx and change nothing")
  void badBodiesChangeNothing() throws Exception {
    String path = CARTS + "/me/items";
    assertProblem(await(cart.node.post(path, alice, "{\"listingId\": ")), 400);
    assertProblem(await(cart.node.post(path, alice, "[\"villa\"]")), 400);
    assertProblem(
        await(cart.node.post(path, alice, "{\"listingId\": \"villa\", \"price\": 0}")), 400);
    assertProblem(await(cart.node.post(path, alice, "{\"listingId\": {\"$ne\": null}}")), 400);
    assertProblem(await(cart.node.post(path, alice, "{\"$where\": \"1\"}")), 400);
    assertProblem(await(cart.node.post(path, alice, "{\"listingId\": \"a.b\"}")), 400);
    String huge = "{\"listingId\": \"" + "x".repeat(70_000) + "\"}";
    assertProblem(await(cart.node.post(path, alice, huge)), 413);

    assertThat(cart.cart(alice).bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("Every route answers every role as its table says")
  void authorizationMatrix() throws Exception {
    assertThat(await(AuthorizationMatrix.violations(cart.node))).isEmpty();
  }

  @Test
  @DisplayName("Other roles cannot touch carts")
  void otherRolesAreRefused() throws Exception {
    assertProblem(cart.add(cart.node.token("pat", "provider"), "villa"), 403);
    assertProblem(await(cart.node.get(CARTS, alice)), 403);
    assertProblem(await(cart.node.get(CARTS + "/me", null)), 401);
  }

  private static JsonObject fee(double amount, String currency) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
