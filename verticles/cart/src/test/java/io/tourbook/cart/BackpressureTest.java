package io.tourbook.cart;

import static io.tourbook.platform.http.Problems.assertProblem;
import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.cart.http.CartRoutes;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Checkout under a lagging booking pipeline")
class BackpressureTest {

  private static final String VISA = "{\"paymentToken\": \"tok_visa\"}";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private CartNode cart;
  private final List<Promise<Void>> held = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private String stalledGroup;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    cart =
        CartNode.start(
            vertx,
            config -> {
              config.getJsonObject("events").put("rebalance-ms", 100);
              config
                  .getJsonObject("cart")
                  .put(
                      "backpressure",
                      new JsonObject().put("max-lag-ms", 300).put("max-concurrent-checkouts", 1));
            });
    cart.listings.add("villa", "Villa with a view", null, 40.7128, -74.0060);
  }

  @AfterEach
  void stop() throws Exception {
    held.forEach(Promise::tryComplete);
    // Before the node: the stand-in's dispatcher writes its last checkpoints through the node.
    if (stalledGroup != null) {
      await(vertx.undeploy(stalledGroup));
    }
    cart.stop();
  }

  @Test
  @DisplayName(
      "While the pipeline lags, the repeat of a checkout already taken in answers its outcome, and a new one 429")
  void aRecordedCheckoutIsRepeatedWhileThePipelineLags(Vertx vertx) throws Exception {
    String alice = cart.customer("alice");
    String bob = cart.customer("bob");
    cart.added(alice, "villa");
    cart.added(bob, "villa");
    HttpResponse<Buffer> booked = await(cart.checkout(alice, "key-alice", VISA));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    stallTourCreation(vertx);

    HttpResponse<Buffer> repeated = await(cart.checkout(alice, "key-alice", VISA));
    HttpResponse<Buffer> refused = await(cart.checkout(bob, "key-bob", VISA));

    assertThat(repeated.statusCode()).as(repeated.bodyAsString()).isEqualTo(201);
    assertThat(repeated.getHeader(CartRoutes.REPLAYED)).isEqualTo("true");
    assertThat(repeated.bodyAsJsonObject()).isEqualTo(booked.bodyAsJsonObject());
    assertProblem(refused, 429);
    assertThat(cart.payments.charges()).hasSize(1);
  }

  @Test
  @DisplayName(
      "While tour creation is stuck, checkout answers 429 with Retry-After and charges nothing; other routes answer; once it catches up the same key books")
  void checkoutIsTurnedAwayWhileThePipelineLags(Vertx vertx) throws Exception {
    DurableEvents events = cart.node.node.events();
    stallTourCreation(vertx);

    String alice = cart.customer("alice");
    cart.added(alice, "villa");
    HttpResponse<Buffer> refused = await(cart.checkout(alice, "key-1", VISA));

    JsonObject problem = assertProblem(refused, 429);
    assertThat(problem.getString("detail")).contains("nothing was charged");
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, 60);
    assertThat(cart.payments.charges()).isEmpty();
    HttpResponse<Buffer> mine = cart.cart(alice);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.bodyAsJsonObject().getJsonArray("items")).hasSize(1);

    held.forEach(Promise::tryComplete);
    Eventually.until(
        "the pipeline caught up", DEADLINE, () -> events.lagMillis("payment.payments.tour") == 0);
    HttpResponse<Buffer> booked = await(cart.checkout(alice, "key-1", VISA));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    assertThat(cart.payments.charges()).hasSize(1);
  }

  @Test
  @DisplayName(
      "A checkout beyond the node's concurrent checkouts answers 429 with Retry-After 1 and charges nothing; the running one books")
  void checkoutBeyondTheConcurrencyCapIsTurnedAway() throws Exception {
    String alice = cart.customer("alice");
    String bob = cart.customer("bob");
    cart.added(alice, "villa");
    cart.added(bob, "villa");
    cart.payments.answerAfter(2_000);

    var running = cart.checkout(alice, "key-alice", VISA);
    Eventually.until(
        "alice's charge asked for", DEADLINE, () -> cart.payments.charges().size() == 1);
    HttpResponse<Buffer> refused = await(cart.checkout(bob, "key-bob", VISA));

    assertProblem(refused, 429);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(await(running).statusCode()).isEqualTo(201);
    assertThat(cart.payments.charges()).hasSize(1);
    cart.payments.answerAfter(0);
    assertThat(await(cart.checkout(bob, "key-bob", VISA)).statusCode()).isEqualTo(201);
  }

  /** Stands in for a tour service whose handling of payments does not finish until released. */
  private void stallTourCreation(Vertx vertx) throws Exception {
    DurableEvents events = cart.node.node.events();
    stalledGroup =
        await(
            vertx.deployVerticle(
                new EventFixtures.GroupVerticle(
                    events,
                    SubscriptionRegistry.find("payment.payments.tour").orElseThrow(),
                    event -> {
                      Promise<Void> release = Promise.promise();
                      held.add(release);
                      return release.future();
                    })));
    MongoClient payments = TestNode.database(vertx, cart.node.config, "payment");
    await(
        payments.insert(
            "payments",
            new JsonObject()
                .put("_id", "pay-earlier")
                .put("status", "succeeded")
                .put("lastChange", EventFixtures.stamp("payment.succeeded"))));
    Eventually.until(
        "the pipeline's lag past the bound",
        DEADLINE,
        () -> events.lagMillis("payment.payments.tour") > 300);
  }
}
