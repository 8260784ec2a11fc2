package io.tourbook.tour.http;

import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Caller;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
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
import java.util.regex.Pattern;

/**
 * The tour routes, mounted at {@code /api/v1/tours}. Customers see their own tours, realtors the
 * tours assigned to them, admins all; anyone else gets 404 for a tour, so its existence stays
 * private. Only the owning customer cancels or asks for a new time.
 */
public final class TourRoutes {

  public static final String MOUNT = "tours";
  private static final Set<String> LIST_PARAMS =
      Set.of("status", "customerId", "realtorId", "page", "size");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final TourStore store;
  private final Clock clock;
  private final BookingHorizon horizon;
  private final int maxPageSize;

  public TourRoutes(TourStore store, Clock clock, JsonObject config) {
    this.store = store;
    this.clock = clock;
    this.horizon = BookingHorizon.from(config);
    this.maxPageSize = Pages.maxSize(config);
  }

  public RouteTable table(Auth auth) {
    Access readers = Access.roles(Roles.CUSTOMER, Roles.REALTOR, Roles.ADMIN);
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/", readers, this::list)
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
    for (String name : ctx.queryParams().names()) {
      if (!LIST_PARAMS.contains(name)) {
        throw ApiException.badRequest("Unknown query parameter " + name + ".");
      }
    }
    JsonObject filter = scope(caller, ctx);
    String status = single(ctx, "status");
    if (status != null) {
      TourStatus parsed =
          TourStatus.parse(status)
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "status must be one of " + List.of(TourStatus.values()) + "."));
      filter.put("status", parsed.name());
    }
    Pages.Page page = Pages.page(ctx, maxPageSize);
    store
        .page(filter, page)
        .map(
            found -> {
              JsonArray items = new JsonArray();
              found.getJsonArray("items").stream()
                  .map(JsonObject.class::cast)
                  .map(TourDocuments::view)
                  .forEach(items::add);
              return page.response(items, found.getLong("total"));
            })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * Which tours the caller may list: all for an admin (who may narrow by customer or realtor), the
   * assigned ones for a realtor, the own ones for a customer.
   */
  private static JsonObject scope(Caller caller, RoutingContext ctx) {
    JsonObject filter = new JsonObject();
    String customerId = singleId(ctx, "customerId");
    String realtorId = singleId(ctx, "realtorId");
    if (caller.hasRole(Roles.ADMIN)) {
      if (customerId != null) {
        filter.put("customerId", customerId);
      }
      if (realtorId != null) {
        filter.put("realtorId", realtorId);
      }
      return filter;
    }
    if (customerId != null || realtorId != null) {
      throw ApiException.badRequest("Only admins filter by customerId or realtorId.");
    }
    return caller.hasRole(Roles.REALTOR)
        ? filter.put("realtorId", caller.subject())
        : filter.put("customerId", caller.subject());
  }

  private void get(RoutingContext ctx) {
    Caller caller = Auth.caller(ctx);
    String id = RequestBodies.pathId(ctx, "id");
    visible(caller, id).map(TourDocuments::view).onSuccess(ctx::json).onFailure(ctx::fail);
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
                          return TourDocuments.view(current);
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
        .onSuccess(tour -> ctx.response().setStatusCode(202).end(TourDocuments.view(tour).encode()))
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

  private static String single(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiException.badRequest(name + " must be given once.");
    }
    return values.get(0);
  }

  private static String singleId(RoutingContext ctx, String name) {
    String value = single(ctx, name);
    if (value != null && !ID.matcher(value).matches()) {
      throw ApiException.badRequest("Invalid " + name + ".");
    }
    return value;
  }
}
