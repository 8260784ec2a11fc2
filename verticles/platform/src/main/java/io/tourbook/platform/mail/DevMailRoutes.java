package io.tourbook.platform.mail;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.RouteGuard;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The development routes, mounted at {@code dev} only while the embedded SMTP server is the one in
 * use: {@code GET /mail} lists what it received, newest first, for admins.
 */
public final class DevMailRoutes {

  public static final String MOUNT = "dev";
  private static final Set<String> QUERY_PARAMS = Set.of("page", "size");

  private final SentMail sentMail;
  private final int maxPageSize;

  public DevMailRoutes(SentMail sentMail, JsonObject config) {
    this.sentMail = sentMail;
    this.maxPageSize = Pages.maxSize(config);
  }

  public RouteTable table(RouteGuard guard) {
    return new RouteTable(guard)
        .add(HttpMethod.GET, "/mail", Access.roles(Roles.ADMIN), this::list);
  }

  private void list(RoutingContext ctx) {
    for (String name : ctx.queryParams().names()) {
      if (!QUERY_PARAMS.contains(name)) {
        throw ApiException.badRequest("Unknown query parameter " + name + ".");
      }
    }
    Pages.Page page = Pages.page(ctx, maxPageSize);
    sentMail
        .list()
        .onSuccess(
            all -> {
              List<Object> newestFirst = new ArrayList<>(all.getList());
              Collections.reverse(newestFirst);
              int from = Math.min(page.skip(), newestFirst.size());
              int to = Math.min(from + page.size(), newestFirst.size());
              ctx.json(page.response(new JsonArray(newestFirst.subList(from, to)), all.size()));
            })
        .onFailure(ctx::fail);
  }
}
