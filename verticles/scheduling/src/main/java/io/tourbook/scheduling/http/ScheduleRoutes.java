package io.tourbook.scheduling.http;

import io.tourbook.contracts.Times;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Ids;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.tourbook.scheduling.model.Schedules;
import io.tourbook.scheduling.store.ScheduleStore;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The admin's view of schedules, mounted at {@code /api/v1/schedules}: {@code GET
 * /?tourId=&realtorId=&status=&from=&to=&page=&size=} (schedules starting in {@code [from, to)}, by
 * start) and {@code GET /:id}.
 */
public final class ScheduleRoutes {

  public static final String MOUNT = "schedules";
  private static final Set<String> PARAMS =
      Set.of("tourId", "realtorId", "status", "from", "to", "page", "size");
  private static final List<String> STATUSES =
      List.of(Schedules.SCHEDULED, Schedules.UNASSIGNED, Schedules.COMPLETED, Schedules.CANCELLED);

  private final ScheduleStore store;
  private final Pages pages;

  public ScheduleRoutes(ScheduleStore store, Pages pages) {
    this.store = store;
    this.pages = pages;
  }

  public RouteTable table(Auth auth) {
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/", Access.roles(Roles.ADMIN), this::list)
        .add(HttpMethod.GET, "/:id", Access.roles(Roles.ADMIN), this::get);
  }

  private void list(RoutingContext ctx) {
    QueryParams.allowOnly(ctx, PARAMS);
    JsonObject filter = new JsonObject();
    for (String name : List.of("tourId", "realtorId")) {
      String value = QueryParams.id(ctx, name);
      if (value != null) {
        filter.put(name, value);
      }
    }
    String status = QueryParams.oneOf(ctx, "status", STATUSES);
    if (status != null) {
      filter.put("status", status);
    }
    Instant from = instant(ctx, "from");
    Instant to = instant(ctx, "to");
    if (from != null && to != null && !to.isAfter(from)) {
      throw ApiException.badRequest("to must be after from.");
    }
    JsonObject start = new JsonObject();
    if (from != null) {
      start.put("$gte", Times.format(from));
    }
    if (to != null) {
      start.put("$lt", Times.format(to));
    }
    if (!start.isEmpty()) {
      filter.put("start", start);
    }
    Pages.Page page = pages.page(ctx);
    store
        .page(filter, page)
        .map(
            found -> {
              JsonArray items = new JsonArray();
              found.getJsonArray("items").stream()
                  .map(JsonObject.class::cast)
                  .map(Ids::answered)
                  .forEach(items::add);
              return page.response(items, found.getLong("total"));
            })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = RequestBodies.pathId(ctx, "id");
    store
        .find(id)
        .map(
            schedule -> {
              if (schedule == null) {
                throw ApiException.notFound("No schedule " + id + ".");
              }
              return Ids.answered(schedule);
            })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static Instant instant(RoutingContext ctx, String name) {
    String value = QueryParams.single(ctx, name);
    if (value == null) {
      return null;
    }
    Instant instant = value.length() > 40 ? null : Times.parse(value);
    if (instant == null) {
      throw ApiException.badRequest(name + " must be an ISO-8601 date-time with an offset.");
    }
    return instant;
  }
}
