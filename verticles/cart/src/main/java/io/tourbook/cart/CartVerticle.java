package io.tourbook.cart;

import io.tourbook.cart.http.CartRoutes;
import io.tourbook.cart.impl.CartCommands;
import io.tourbook.cart.impl.Checkout;
import io.tourbook.cart.impl.CheckoutRecovery;
import io.tourbook.cart.store.CartStore;
import io.tourbook.contracts.listing.ListingService;
import io.tourbook.contracts.payment.PaymentService;
import io.tourbook.platform.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;

/**
 * The cart service's entry point: creates the MongoDB client and the proxies of {@code
 * listing.service} and {@code payment.service}, creates the indexes (the unique checkout key one
 * among them) and registers the routes at {@code /api/v1/carts}.
 */
public final class CartVerticle extends VerticleBase {

  static final String DATABASE = "cart";

  private final NodeContext node;
  private MongoClient mongo;
  private CheckoutRecovery recovery;

  public CartVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    CartSettings settings;
    Duration recoveryInterval;
    try {
      settings = CartSettings.from(node.config());
      recoveryInterval = CheckoutRecovery.interval(node.config());
    } catch (IllegalArgumentException misconfigured) {
      return Future.failedFuture(misconfigured);
    }
    mongo = node.mongo(DATABASE);
    CartStore store = new CartStore(mongo);
    ListingService listings =
        ListingService.createProxy(vertx, settings.listingTimeout().toMillis());
    PaymentService payments =
        PaymentService.createProxy(vertx, settings.paymentTimeout().toMillis());
    Checkout checkout = new Checkout(vertx, store, listings, payments, settings, node.clock());
    CartRoutes routes =
        new CartRoutes(
            store,
            new CartCommands(store, listings, settings, node.clock()),
            checkout,
            settings,
            node.pages(),
            node.events(),
            node.clock());
    recovery = new CheckoutRecovery(vertx, store, checkout, recoveryInterval, node.clock());
    return store
        .createIndexes()
        .onSuccess(
            v -> {
              node.routes().register("cart", "carts", routes.table(node.auth()));
              recovery.start();
            });
  }

  @Override
  public Future<?> stop() {
    if (recovery != null) {
      recovery.stop();
    }
    return mongo == null ? Future.succeededFuture() : mongo.close();
  }
}
