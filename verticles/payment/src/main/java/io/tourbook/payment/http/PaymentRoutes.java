package io.tourbook.payment.http;

import io.tourbook.payment.gateway.StripeSignature;
import io.tourbook.payment.impl.StripeEvents;
import io.tourbook.payment.model.Payments;
import io.tourbook.payment.store.PaymentStore;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Caller;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * The payment service's routes under {@code /api/v1/payments}: customers read their own payments,
 * admins all of them, and Stripe posts its webhooks (signature verified, no token).
 */
public final class PaymentRoutes {

  private final PaymentStore store;
  private final StripeEvents stripeEvents;
  private final StripeSignature stripeSignature;
  private final Pages pages;
  private final Clock clock;

  /**
   * @param stripeSignature the webhook verifier, or null when no webhook secret is configured (the
   *     webhook route then answers 404)
   */
  public PaymentRoutes(
      PaymentStore store,
      StripeEvents stripeEvents,
      StripeSignature stripeSignature,
      Pages pages,
      Clock clock) {
    this.store = store;
    this.stripeEvents = stripeEvents;
    this.stripeSignature = stripeSignature;
    this.pages = pages;
    this.clock = clock;
  }

  public RouteTable table(Auth auth) {
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/", Access.roles(Roles.CUSTOMER, Roles.ADMIN), this::list)
        .add(HttpMethod.POST, "/webhooks/stripe", Access.PUBLIC, this::stripeWebhook)
        .add(HttpMethod.GET, "/:id", Access.roles(Roles.CUSTOMER, Roles.ADMIN), this::get);
  }

  private void list(RoutingContext ctx) {
    Caller caller = Auth.caller(ctx);
    JsonObject filter = new JsonObject();
    String status = QueryParams.oneOf(ctx, "status", Payments.STATUSES);
    if (status != null) {
      filter.put("status", status);
    }
    String customerId = QueryParams.id(ctx, "customerId");
    if (!caller.hasRole(Roles.ADMIN)) {
      if (customerId != null && !customerId.equals(caller.subject())) {
        throw ApiException.forbidden("Customers can list only their own payments.");
      }
      customerId = caller.subject();
    }
    if (customerId != null) {
      filter.put("customerId", customerId);
    }
    Pages.Page page = pages.page(ctx);
    Future.all(store.find(filter, page), store.count(filter))
        .map(
            found ->
                page.response(
                    found.<List<JsonObject>>resultAt(0).stream().map(Payments::view).toList(),
                    found.<Long>resultAt(1)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Caller caller = Auth.caller(ctx);
    String id = RequestBodies.pathId(ctx, "id");
    store
        .byId(id)
        .map(
            payment -> {
              // A payment of someone else is as absent as one that does not exist.
              if (payment == null
                  || !(caller.hasRole(Roles.ADMIN)
                      || caller.subject().equals(payment.getString("customerId")))) {
                throw ApiException.notFound("There is no payment " + id + ".");
              }
              return Payments.view(payment);
            })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void stripeWebhook(RoutingContext ctx) {
    if (stripeSignature == null) {
      throw ApiException.notFound("Stripe webhooks are not enabled here.");
    }
    Buffer payload = ctx.body().buffer();
    if (payload == null) {
      payload = Buffer.buffer();
    }
    stripeSignature
        .problem(ctx.request().getHeader("Stripe-Signature"), payload, clock.instant())
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(problem);
            });
    Object event;
    try {
      event = Json.decodeValue(payload);
    } catch (DecodeException notJson) {
      event = null;
    }
    if (!(event instanceof JsonObject stripeEvent)) {
      throw ApiException.badRequest("The event is not a JSON object.");
    }
    Future<StripeEvents.Result> applied;
    try {
      applied = stripeEvents.apply(stripeEvent);
    } catch (IllegalArgumentException malformed) {
      throw ApiException.badRequest(malformed.getMessage());
    }
    applied
        .map(result -> new JsonObject().put("received", true).put("result", result.name()))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
