package io.tourbook.cart.http;

import io.tourbook.cart.CartSettings;
import io.tourbook.cart.impl.CartCommands;
import io.tourbook.cart.impl.Checkout;
import io.tourbook.cart.model.CheckoutOutcome;
import io.tourbook.cart.model.CheckoutRequest;
import io.tourbook.cart.store.CartStore;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/** The cart service's routes under {@code /api/v1/carts}. */
public final class CartRoutes {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** Set on a checkout response that repeats the stored outcome of an earlier request. */
  public static final String REPLAYED = "Idempotent-Replayed";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  private static final String KEY_ATTRIBUTE = CartRoutes.class.getName() + ".key";

  private final CartCommands carts;
  private final Checkout checkout;
  private final CartSettings settings;
  private final Pages pages;
  private final BookingBackpressure backpressure;
  private final Clock clock;

  public CartRoutes(
      CartStore store,
      CartCommands carts,
      Checkout checkout,
      CartSettings settings,
      Pages pages,
      DurableEvents events,
      Clock clock) {
    this.carts = carts;
    this.checkout = checkout;
    this.settings = settings;
    this.pages = pages;
    this.backpressure = new BookingBackpressure(events, store, settings);
    this.clock = clock;
  }

  public RouteTable table(Auth auth) {
    Access customer = Access.roles(Roles.CUSTOMER);
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/", Access.roles(Roles.ADMIN), this::list)
        .add(HttpMethod.GET, "/me", customer, this::mine)
        .add(
            HttpMethod.POST,
            "/me/items",
            customer,
            RequestBodies.validate("schemas/cart/add-item.json"),
            this::add)
        .add(HttpMethod.DELETE, "/me/items/:listingId", customer, this::remove)
        .add(
            HttpMethod.POST,
            "/me/checkout",
            customer,
            requireIdempotencyKey(),
            ctx -> backpressure.admit(ctx, KEY_ATTRIBUTE),
            RequestBodies.validate("schemas/cart/checkout.json"),
            this::checkout);
  }

  private void list(RoutingContext ctx) {
    carts.carts(pages.page(ctx)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void mine(RoutingContext ctx) {
    carts.cart(Auth.caller(ctx).subject()).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void add(RoutingContext ctx) {
    String listingId = RequestBodies.body(ctx).getString("listingId");
    carts
        .add(Auth.caller(ctx).subject(), listingId)
        .onSuccess(
            cart ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .end(cart.encode()))
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    String listingId = RequestBodies.pathId(ctx, "listingId");
    carts.remove(Auth.caller(ctx).subject(), listingId).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void checkout(RoutingContext ctx) {
    CheckoutRequest request =
        CheckoutRequest.parse(
            RequestBodies.body(ctx),
            settings.maxPreferredTimes(),
            settings.bookingHorizon(),
            clock.instant());
    checkout
        .checkout(Auth.caller(ctx).subject(), ctx.get(KEY_ATTRIBUTE), request)
        .onSuccess(outcome -> respond(ctx, outcome))
        .onFailure(
            failure -> {
              CheckoutOutcomes.countFailure(failure);
              ctx.fail(failure);
            });
  }

  private static void respond(RoutingContext ctx, CheckoutOutcome outcome) {
    CheckoutOutcomes.count(
        outcome.replayed()
            ? CheckoutOutcomes.REPLAYED
            : outcome.status() == CheckoutOutcome.DECLINED
                ? CheckoutOutcomes.DECLINED
                : CheckoutOutcomes.BOOKED);
    if (outcome.replayed()) {
      ctx.response().putHeader(REPLAYED, "true");
    }
    if (outcome.status() == CheckoutOutcome.DECLINED) {
      String reason = outcome.body().getString("reason");
      ctx.fail(
          new ApiException(
              CheckoutOutcome.DECLINED,
              "The payment was declined (" + reason + "); your cart is unchanged.",
              new JsonArray()
                  .add(
                      new JsonObject()
                          .put("pointer", "/paymentToken")
                          .put("detail", reason)
                          .put("paymentId", outcome.body().getString("paymentId")))));
      return;
    }
    ctx.response()
        .setStatusCode(outcome.status())
        .putHeader("Content-Type", "application/json")
        .end(outcome.body().encode());
  }

  /** 400 unless the request carries exactly one Idempotency-Key of 1 to 128 safe characters. */
  private static Handler<RoutingContext> requireIdempotencyKey() {
    return ctx -> {
      List<String> keys = ctx.request().headers().getAll(IDEMPOTENCY_KEY);
      if (keys.isEmpty()) {
        throw ApiException.badRequest("A checkout needs an Idempotency-Key header.");
      }
      if (keys.size() > 1 || !KEY.matcher(keys.get(0)).matches()) {
        throw ApiException.badRequest(
            "The Idempotency-Key header must be one value of 1 to 128 characters among"
                + " A-Z a-z 0-9 _ . : -");
      }
      ctx.put(KEY_ATTRIBUTE, keys.get(0));
      ctx.next();
    };
  }
}
