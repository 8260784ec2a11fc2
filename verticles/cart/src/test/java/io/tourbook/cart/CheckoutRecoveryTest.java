package io.tourbook.cart;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.cart.store.CartStore;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Checkout recovery")
class CheckoutRecoveryTest {

  private CartNode cart;
  private MongoClient mongo;
  private String alice;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    cart =
        CartNode.start(
            vertx, config -> config.getJsonObject("cart").put("recovery-interval-ms", 100));
    cart.listings.add("villa", "Villa with a view", null, 40.7128, -74.0060);
    cart.listings.add("loft", "Downtown loft", null, 40.7306, -73.9866);
    alice = cart.customer("alice");
    cart.added(alice, "villa");
    cart.added(alice, "loft");
    mongo =
        MongoClient.create(
            vertx,
            new JsonObject()
                .put("connection_string", cart.node.config.getJsonObject("mongo").getString("uri"))
                .put("db_name", CartVerticle.DATABASE));
  }

  @AfterEach
  void stop() throws Exception {
    await(mongo.close());
    cart.stop();
  }

  @Test
  @DisplayName(
      "a checkout a killed node left after recording its charge is finished without a retry:"
          + " the recorded charge is re-sent once, the outcome recorded, the paid listing leaves")
  void finishesStalledCheckout() throws Exception {
    JsonObject charge = charge("key-1", "villa");
    await(mongo.insert("checkouts", stalled("stalled", "key-1", Instant.EPOCH, charge)));

    Eventually.until(
        "the stalled checkout to complete",
        Duration.ofSeconds(20),
        () -> CartStore.COMPLETED.equals(checkout("stalled").getString("status")));

    assertThat(cart.payments.charges()).containsExactly(charge);
    JsonObject recorded = checkout("stalled");
    assertThat(recorded.getJsonObject("outcome").getJsonObject("body"))
        .isEqualTo(new JsonObject().put("paymentId", "payment-1").put("status", "succeeded"));
    assertThat(recorded.containsKey("lease")).isFalse();
    JsonArray items = cart.cart(alice).bodyAsJsonObject().getJsonArray("items");
    assertThat(items)
        .extracting(item -> ((JsonObject) item).getString("listingId"))
        .containsExactly("loft");
  }

  @Test
  @DisplayName(
      "a running checkout whose lease holds, or that recorded no charge, is left to its run")
  void leavesLiveAndUnchargedCheckouts() throws Exception {
    Instant later = Instant.now().plus(Duration.ofHours(1));
    await(mongo.insert("checkouts", stalled("live", "key-1", later, charge("key-1", "villa"))));
    JsonObject uncharged = stalled("uncharged", "key-2", Instant.EPOCH, null);
    uncharged.remove("charge");
    await(mongo.insert("checkouts", uncharged));
    // A stalled one inserted last: once it is finished, a sweep has passed over the other two.
    await(
        mongo.insert(
            "checkouts", stalled("stalled", "key-3", Instant.EPOCH, charge("key-3", "loft"))));

    Eventually.until(
        "a sweep to finish the stalled checkout",
        Duration.ofSeconds(20),
        () -> CartStore.COMPLETED.equals(checkout("stalled").getString("status")));

    assertThat(checkout("live").getString("status")).isEqualTo(CartStore.RUNNING);
    assertThat(checkout("uncharged").getString("status")).isEqualTo(CartStore.RUNNING);
    assertThat(cart.payments.charges())
        .extracting(sent -> sent.getString("idempotencyKey"))
        .containsExactly("key-3");
  }

  private JsonObject checkout(String id) {
    try {
      return await(mongo.findOne("checkouts", new JsonObject().put("_id", id), null));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject stalled(String id, String key, Instant leaseUntil, JsonObject charge) {
    return new JsonObject()
        .put("_id", id)
        .put("customerId", "alice")
        .put("key", key)
        .put("fingerprint", "fingerprint-" + key)
        .put("status", CartStore.RUNNING)
        .put("lease", CartStore.lease("killed-node", leaseUntil))
        .put("charge", charge)
        .put("createdAt", Instant.EPOCH.toString());
  }

  private static JsonObject charge(String key, String listingId) {
    return new JsonObject()
        .put("idempotencyKey", key)
        .put("customerId", "alice")
        .put("paymentToken", "tok_visa")
        .put(
            "items",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("listingId", listingId)
                        .put("title", listingId)
                        .put("tourFee", new JsonObject().put("amount", 25.0).put("currency", "USD"))
                        .put("location", new JsonObject().put("lat", 40.7).put("lon", -74.0))))
        .put("amount", new JsonObject().put("amount", 25.0).put("currency", "USD"))
        .put("preferredTimes", new JsonArray());
  }
}
