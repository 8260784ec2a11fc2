package io.tourbook.platform.mail;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.RouteGuard;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The development routes, mounted at {@code dev} only while the embedded SMTP server is the one in
 * use: {@code GET /mail} lists what it received, newest first, for admins.
 */
public final class DevMailRoutes {

  public static final String MOUNT = "dev";

  private final SentMail sentMail;
  private final Pages pages;

  public DevMailRoutes(SentMail sentMail, Pages pages) {
    this.sentMail = sentMail;
    this.pages = pages;
  }

  public RouteTable table(RouteGuard guard) {
    return new RouteTable(guard)
        .add(HttpMethod.GET, "/mail", Access.roles(Roles.ADMIN), this::list);
  }

  private void list(RoutingContext ctx) {
    Pages.Page page = pages.page(ctx);
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
