package io.tourbook.assignment.http;

import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.contracts.Times;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.Ids;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/** The admin routes of assignments, mounted at {@code /api/v1/assignments}. */
public final class AssignmentRoutes {

  private static final Set<String> STATUSES =
      Set.of(AssignmentStore.ACTIVE, AssignmentStore.RELEASED);

  private final AssignmentStore store;
  private final Pages pages;

  public AssignmentRoutes(AssignmentStore store, Pages pages) {
    this.store = store;
    this.pages = pages;
  }

  public RouteTable table(Auth auth) {
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/", Access.roles(Roles.ADMIN), this::assignments)
        .add(HttpMethod.GET, "/waiting", Access.roles(Roles.ADMIN), this::waiting);
  }

  /** {@code ?tourId=&realtorId=&status=&page=&size=}: assignments, newest first. */
  private void assignments(RoutingContext ctx) {
    JsonObject filter = new JsonObject();
    String tourId = QueryParams.id(ctx, "tourId");
    if (tourId != null) {
      filter.put("tourId", tourId);
    }
    String realtorId = QueryParams.id(ctx, "realtorId");
    if (realtorId != null) {
      filter.put("realtorId", realtorId);
    }
    String status = QueryParams.oneOf(ctx, "status", STATUSES);
    // Without a status: every assignment, not the tours' waiting records (see /waiting).
    filter.put(
        "status",
        status != null
            ? status
            : new JsonObject().put("$in", new JsonArray(List.copyOf(STATUSES))));
    Pages.Page page = pages.page(ctx);
    store.page(filter, page).map(Ids::answeredItems).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /**
   * A waiting tour as the API shows it: the list's own bookkeeping (legs, stops, the stored date)
   * stays inside.
   */
  private static JsonObject waitingTour(JsonObject entry) {
    JsonObject tour =
        new JsonObject()
            .put("tourId", entry.getString("_id"))
            .put("since", Times.format(Times.parse(entry.getValue("since"))))
            .put("preferredTimes", entry.getJsonArray("preferredTimes", new JsonArray()));
    // Optional in the document: absent rather than null.
    for (String optional : List.of("customerId", "location")) {
      if (entry.getValue(optional) != null) {
        tour.put(optional, entry.getValue(optional));
      }
    }
    return tour;
  }

  /** Tours waiting for a realtor, oldest first: the order they are retried in. */
  private void waiting(RoutingContext ctx) {
    Pages.Page page = pages.page(ctx);
    store
        .countWaiting()
        .compose(
            total ->
                store
                    .waitingOldestFirst(page.skip(), page.size())
                    .map(
                        items ->
                            page.response(
                                new JsonArray(
                                    items.stream().map(AssignmentRoutes::waitingTour).toList()),
                                total)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
