package io.tourbook.listing.http;

import io.tourbook.listing.impl.ListingCommands;
import io.tourbook.listing.impl.ListingQueries;
import io.tourbook.listing.model.ListingSettings;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.Ids;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The routes mounted at {@code /api/v1/listings}. Body validation comes before any lookup, so a bad
 * body is a 400 whoever sends it; ownership and the provider's standing are checked by {@link
 * ListingCommands}. Every listing is answered with its id as {@code id} ({@link Ids#answered}).
 */
public final class ListingRoutes {

  public static final String MOUNT = "listings";

  private final ListingCommands commands;
  private final ListingQueries queries;
  private final ListingSettings settings;
  private final Pages pages;

  public ListingRoutes(
      ListingCommands commands, ListingQueries queries, ListingSettings settings, Pages pages) {
    this.commands = commands;
    this.queries = queries;
    this.settings = settings;
    this.pages = pages;
  }

  public RouteTable table(Auth auth) {
    return new RouteTable(auth)
        .add(
            HttpMethod.POST,
            "/",
            Access.roles(Roles.PROVIDER),
            RequestBodies.validate("schemas/listing/create.json"),
            this::create)
        .add(HttpMethod.GET, "/", Access.roles(Roles.ALL), this::search)
        .add(HttpMethod.GET, "/:id", Access.roles(Roles.ALL), this::get)
        .add(
            HttpMethod.PATCH,
            "/:id",
            Access.roles(Roles.PROVIDER),
            RequestBodies.validate("schemas/listing/patch.json"),
            this::update)
        .add(HttpMethod.DELETE, "/:id", Access.roles(Roles.PROVIDER), this::delete);
  }

  private void create(RoutingContext ctx) {
    commands
        .create(Auth.caller(ctx).subject(), RequestBodies.body(ctx))
        .map(Ids::answered)
        .onSuccess(
            listing -> created(ctx, listing, "/api/v1/" + MOUNT + "/" + listing.getString("id")))
        .onFailure(ctx::fail);
  }

  private void search(RoutingContext ctx) {
    queries
        .search(SearchParams.parse(ctx, Auth.caller(ctx), settings, pages))
        .map(Ids::answeredItems)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    queries
        .get(Auth.caller(ctx), RequestBodies.pathId(ctx, "id"))
        .map(Ids::answered)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    commands
        .update(
            Auth.caller(ctx).subject(), RequestBodies.pathId(ctx, "id"), RequestBodies.body(ctx))
        .map(Ids::answered)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    commands
        .delete(Auth.caller(ctx).subject(), RequestBodies.pathId(ctx, "id"))
        .onSuccess(deleted -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static void created(RoutingContext ctx, JsonObject listing, String location) {
    ctx.response().setStatusCode(201).putHeader(HttpHeaders.LOCATION, location);
    ctx.json(listing);
  }
}
