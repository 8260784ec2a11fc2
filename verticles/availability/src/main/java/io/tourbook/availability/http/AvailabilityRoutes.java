package io.tourbook.availability.http;

import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The admin routes of the pool, mounted at {@code /api/v1/availability}. They call the service
 * implementation of this node directly: the pool is the same from every node.
 */
public final class AvailabilityRoutes {

  private static final Set<String> STATUSES = Set.of("available", "booked", "unavailable");

  private final AvailabilityService service;
  private final Pages pages;

  public AvailabilityRoutes(AvailabilityService service, Pages pages) {
    this.service = service;
    this.pages = pages;
  }

  public RouteTable table(Auth auth) {
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/realtors", Access.roles(Roles.ADMIN), this::realtors)
        .add(HttpMethod.POST, "/rebuild", Access.roles(Roles.ADMIN), this::rebuild);
  }

  /** {@code ?near=lat,lon&radiusKm=&status=&page=&size=}: the pool, nearest first when near. */
  private void realtors(RoutingContext ctx) {
    String near = QueryParams.single(ctx, "near");
    String radius = QueryParams.single(ctx, "radiusKm");
    String status = QueryParams.oneOf(ctx, "status", STATUSES);
    if (radius != null && near == null) {
      throw ApiException.badRequest("radiusKm needs near.");
    }
    double lat = Double.NaN;
    double lon = Double.NaN;
    if (near != null) {
      String[] parts = near.split(",", -1);
      if (parts.length != 2) {
        throw ApiException.badRequest("near must be lat,lon.");
      }
      lat = number(parts[0], "near");
      lon = number(parts[1], "near");
    }
    double radiusKm = radius == null ? Double.NaN : number(radius, "radiusKm");
    Pages.Page page = pages.page(ctx);
    service
        .pool(lat, lon, radiusKm, status)
        .map(items -> page.response(slice(items, page), items.size()))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void rebuild(RoutingContext ctx) {
    service.rebuild().onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static JsonArray slice(JsonArray items, Pages.Page page) {
    List<?> all = items.getList();
    int from = Math.min(page.skip(), all.size());
    int to = Math.min(from + page.size(), all.size());
    return new JsonArray(List.copyOf(all.subList(from, to)));
  }

  private static double number(String text, String name) {
    try {
      double value = Double.parseDouble(text.trim());
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // Reported below, like a number that is not finite.
    }
    throw ApiException.badRequest(name + " must be made of numbers.");
  }
}
