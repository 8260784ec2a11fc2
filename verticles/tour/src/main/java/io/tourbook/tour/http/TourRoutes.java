package io.tourbook.tour.http;

import io.tourbook.contracts.listing.ListingService;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Caller;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Ids;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.tourbook.platform.time.BookingHorizon;
import io.tourbook.tour.model.PreferredTimes;
import io.tourbook.tour.model.TourDocuments;
import io.tourbook.tour.model.TourStatus;
import io.tourbook.tour.store.TourStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The tour routes, mounted at {@code /api/v1/tours}. Customers see their own tours, realtors the
 * tours assigned to them, admins all; anyone else gets 404 for a tour, so its existence stays
 * private. A provider lists the tours of one of their own listings ({@code ?listingId=}), seeing
 * only their listings' stops. Only the owning customer cancels or asks for a new time.
 */
public final class TourRoutes {

  public static final String MOUNT = "tours";
  private static final Set<String> LIST_PARAMS =
      Set.of("status", "customerId", "realtorId", "listingId", "page", "size");

  /** The field a tour's stops are queried by (indexed with createdAt). */
  private static final String LISTING_STOPS = "listings.listingId";

  private final TourStore store;
  private final ListingService listings;
  private final Clock clock;
  private final BookingHorizon horizon;
  private final Pages pages;

  public TourRoutes(
      TourStore store, ListingService listings, Clock clock, JsonObject config, Pages pages) {
    this.store = store;
    this.listings = listings;
    this.clock = clock;
    this.horizon = BookingHorizon.from(config);
    this.pages = pages;
  }

  public RouteTable table(Auth auth) {
    Access readers = Access.roles(Roles.CUSTOMER, Roles.REALTOR, Roles.ADMIN);
    return new RouteTable(auth)
        .add(
            HttpMethod.GET,
            "/",
            Access.roles(Roles.CUSTOMER, Roles.REALTOR, Roles.PROVIDER, Roles.ADMIN),
            this::list)
        .add(HttpMethod.GET, "/:id", readers, this::get)
        .add(HttpMethod.POST, "/:id/cancel", Access.roles(Roles.CUSTOMER), this::cancel)
        .add(
            HttpMethod.POST,
            "/:id/reschedule",
            Access.roles(Roles.CUSTOMER),
            RequestBodies.validate("schemas/tour/reschedule.json"),
            this::reschedule);
  }

  private void list(RoutingContext ctx) {
    Caller caller = Auth.caller(ctx);
    QueryParams.allowOnly(ctx, LIST_PARAMS);
    String customerId = QueryParams.id(ctx, "customerId");
    String realtorId = QueryParams.id(ctx, "realtorId");
    String listingId = QueryParams.id(ctx, "listingId");
    String status = QueryParams.single(ctx, "status");
    TourStatus parsedStatus =
        status == null
            ? null
            : TourStatus.parse(status)
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "status must be one of " + List.of(TourStatus.values()) + "."));
    Pages.Page page = pages.page(ctx);
    scope(caller, customerId, realtorId, listingId)
        .compose(
            scope -> {
              JsonObject filter = scope.filter();
              if (parsedStatus != null) {
                filter.put("status", parsedStatus.name());
              }
              return store
                  .page(filter, page)
                  .map(
                      found -> {
                        JsonArray items = new JsonArray();
                        found.getJsonArray("items").stream()
                            .map(JsonObject.class::cast)
                            .map(scope.view())
                            .forEach(items::add);
                        return page.response(items, found.getLong("total"));
                      });
            })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** Which tours a list shows, and how it shows each. */
  private record Scope(JsonObject filter, Function<JsonObject, JsonObject> view) {}

  /**
   * Which tours the caller may list: all for an admin (who may narrow by customer, realtor or
   * listing), the assigned ones for a realtor, the own ones for a customer, and for a provider
   * those of one of their listings. One rule for the filters: a filter the caller's role may not
   * use is a 403, whatever its value.
   */
  private Future<Scope> scope(
      Caller caller, String customerId, String realtorId, String listingId) {
    boolean admin = caller.hasRole(Roles.ADMIN);
    if (!admin && (customerId != null || realtorId != null)) {
      throw ApiException.forbidden("Only admins filter by customerId or realtorId.");
    }
    if (listingId != null && !admin && !caller.hasRole(Roles.PROVIDER)) {
      throw ApiException.forbidden("Only the listing's provider and admins filter by listingId.");
    }
    JsonObject filter = new JsonObject();
    if (admin) {
      if (customerId != null) {
        filter.put("customerId", customerId);
      }
      if (realtorId != null) {
        filter.put("realtorId", realtorId);
      }
      if (listingId == null) {
        return Future.succeededFuture(new Scope(filter, Ids::answered));
      }
      return providerOf(listingId)
          .map(provider -> new Scope(filter.put(LISTING_STOPS, listingId), Ids::answered));
    }
    if (caller.hasRole(Roles.PROVIDER)) {
      if (listingId == null) {
        throw ApiException.badRequest(
            "Providers list the tours of one of their listings: give listingId.");
      }
      return providerOf(listingId)
          .map(
              provider -> {
                if (!caller.subject().equals(provider)) {
                  throw ApiException.forbidden(
                      "Listing " + listingId + " is not yours: you see the tours of your own.");
                }
                return new Scope(
                    filter.put(LISTING_STOPS, listingId),
                    tour -> TourDocuments.providerView(tour, caller.subject(), listingId));
              });
    }
    return Future.succeededFuture(
        new Scope(
            caller.hasRole(Roles.REALTOR)
                ? filter.put("realtorId", caller.subject())
                : filter.put("customerId", caller.subject()),
            Ids::answered));
  }

  /**
   * The provider of a listing; 404 for a listing that does not exist. Tours keep each listing's
   * provider on its stop, copied from the payment at creation, and a listing never changes
   * provider: so a listing that has tours is answered from tour's own data and its list never waits
   * for another service. Only a listing no tour names with its provider (one without tours, or with
   * tours from before stops carried the provider) is looked up through listing.service, which tells
   * an unknown listing (404) from another provider's (403) or the caller's own without tours (an
   * empty page). If listing.service does not answer, that rare case is a 503.
   */
  private Future<String> providerOf(String listingId) {
    return store
        .providerOf(listingId)
        .compose(
            known ->
                known != null
                    ? Future.succeededFuture(known)
                    : listings
                        .getListings(List.of(listingId))
                        .map(
                            answer ->
                                answer.getJsonArray("listings", new JsonArray()).stream()
                                    .map(JsonObject.class::cast)
                                    .filter(listing -> listingId.equals(listing.getString("_id")))
                                    .map(listing -> listing.getString("providerId"))
                                    .filter(provider -> provider != null)
                                    .findFirst()
                                    .orElseThrow(
                                        () ->
                                            ApiException.notFound(
                                                "No listing " + listingId + "."))));
  }

  private void get(RoutingContext ctx) {
    Caller caller = Auth.caller(ctx);
    String id = RequestBodies.pathId(ctx, "id");
    visible(caller, id).map(Ids::answered).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /**
   * Cancels from any state before COMPLETED. Cancelling a cancelled tour answers with it again, so
   * a retried request is harmless; a completed tour is a 409.
   */
  private void cancel(RoutingContext ctx) {
    Caller caller = Auth.caller(ctx);
    String id = RequestBodies.pathId(ctx, "id");
    owned(caller, id)
        .compose(
            tour ->
                store
                    .cancel(id, caller.subject(), clock.instant())
                    .compose(cancelled -> store.find(id))
                    .map(
                        current -> {
                          if (!TourStatus.CANCELLED.name().equals(current.getString("status"))) {
                            throw ApiException.conflict(
                                "The tour is " + current.getString("status") + ".");
                          }
                          return Ids.answered(current);
                        }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * Replaces the preferred times of a tour that has a realtor; scheduling then picks a new slot,
   * hence 202.
   */
  private void reschedule(RoutingContext ctx) {
    Caller caller = Auth.caller(ctx);
    String id = RequestBodies.pathId(ctx, "id");
    JsonArray preferredTimes;
    try {
      preferredTimes =
          PreferredTimes.strict(
              RequestBodies.body(ctx).getJsonArray("preferredTimes"), horizon, clock.instant());
    } catch (IllegalArgumentException invalid) {
      throw ApiException.badRequest(invalid.getMessage());
    }
    owned(caller, id)
        .compose(
            tour ->
                store
                    .reschedule(id, caller.subject(), preferredTimes, clock.instant())
                    .compose(
                        updated -> {
                          if (!updated) {
                            return store
                                .find(id)
                                .compose(
                                    current ->
                                        Future.failedFuture(
                                            ApiException.conflict(
                                                "Only a PENDING, ASSIGNED or SCHEDULED tour can"
                                                    + " be rescheduled; it is "
                                                    + current.getString("status")
                                                    + ".")));
                          }
                          return store.find(id);
                        }))
        .onSuccess(tour -> ctx.response().setStatusCode(202).end(Ids.answered(tour).encode()))
        .onFailure(ctx::fail);
  }

  /** The tour if the caller may see it: its customer, its realtor or an admin; 404 otherwise. */
  private Future<JsonObject> visible(Caller caller, String id) {
    return store
        .find(id)
        .map(
            tour -> {
              boolean allowed =
                  tour != null
                      && (caller.hasRole(Roles.ADMIN)
                          || (caller.hasRole(Roles.CUSTOMER)
                              && caller.subject().equals(tour.getString("customerId")))
                          || (caller.hasRole(Roles.REALTOR)
                              && caller.subject().equals(tour.getString("realtorId"))));
              if (!allowed) {
                throw ApiException.notFound("No tour " + id + ".");
              }
              return tour;
            });
  }

  /** The caller's own tour; 404 for any other, which the caller may not know exists. */
  private Future<JsonObject> owned(Caller caller, String id) {
    return store
        .find(id)
        .map(
            tour -> {
              if (tour == null || !caller.subject().equals(tour.getString("customerId"))) {
                throw ApiException.notFound("No tour " + id + ".");
              }
              return tour;
            });
  }
}
