package io.tourbook.platform.events;

import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Admin routes of the event plumbing, under {@code /api/v1/events}: subscription status, and the
 * dead letters with their replay.
 */
public final class EventsRoutes {

  private static final Pattern DEAD_LETTER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
  private static final Set<String> STATUSES = Set.of("parked", "replayed");

  private final DurableEvents events;
  private final Auth auth;
  private final JsonObject config;

  private EventsRoutes(DurableEvents events, Auth auth, JsonObject config) {
    this.events = events;
    this.auth = auth;
    this.config = config;
  }

  public static Function<Vertx, Router> factory(
      DurableEvents events, Auth auth, JsonObject config) {
    EventsRoutes routes = new EventsRoutes(events, auth, config);
    return routes::router;
  }

  private Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(auth.authenticated()).handler(auth.requireRole(Roles.ADMIN));
    router.get("/subscriptions").handler(this::subscriptions);
    router.get("/deadletters").handler(this::deadLetters);
    router.get("/deadletters/:id").handler(this::deadLetter);
    router.post("/deadletters/:id/replay").handler(this::replay);
    return router;
  }

  private void subscriptions(RoutingContext ctx) {
    events
        .subscriptions()
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  private void deadLetters(RoutingContext ctx) {
    String subscription = ctx.queryParams().get("subscription");
    if (subscription != null && SubscriptionRegistry.find(subscription).isEmpty()) {
      throw ApiException.badRequest("unknown subscription " + subscription);
    }
    String status = ctx.queryParams().get("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest("status must be one of " + STATUSES);
    }
    Pages.Page page = Pages.page(ctx, config);
    events
        .deadLetters(subscription, status, page.skip(), page.size())
        .onSuccess(
            result ->
                ctx.json(page.response(result.getJsonArray("items"), result.getLong("total"))))
        .onFailure(ctx::fail);
  }

  private void deadLetter(RoutingContext ctx) {
    String id = deadLetterId(ctx);
    events
        .deadLetter(id)
        .onSuccess(
            letter -> {
              if (letter == null) {
                ctx.fail(ApiException.notFound("no dead letter " + id));
              } else {
                ctx.json(letter);
              }
            })
        .onFailure(ctx::fail);
  }

  private void replay(RoutingContext ctx) {
    events.replay(deadLetterId(ctx)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static String deadLetterId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !DEAD_LETTER_ID.matcher(id).matches()) {
      throw ApiException.badRequest("invalid dead letter id");
    }
    return id;
  }
}
