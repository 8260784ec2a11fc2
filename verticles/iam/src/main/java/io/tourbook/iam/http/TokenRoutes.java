package io.tourbook.iam.http;

import io.tourbook.iam.impl.Sessions;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/** iam's session routes: {@code POST /token/refresh} and {@code POST /logout}. */
public final class TokenRoutes {

  private static final String SCHEMA = "schemas/iam/refresh-token.json";

  private final Sessions sessions;

  public TokenRoutes(Sessions sessions) {
    this.sessions = sessions;
  }

  /** Adds the routes to iam's table. */
  public RouteTable addTo(RouteTable table) {
    return table
        .add(
            HttpMethod.POST,
            "/token/refresh",
            Access.PUBLIC,
            RequestBodies.validate(SCHEMA),
            this::refresh)
        .add(
            HttpMethod.POST,
            "/logout",
            Access.roles(Roles.ALL),
            RequestBodies.validate(SCHEMA),
            this::logout);
  }

  private void refresh(RoutingContext ctx) {
    sessions
        .refresh(RequestBodies.body(ctx).getString("refreshToken"))
        .onSuccess(
            tokens -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(tokens);
            })
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    sessions
        .logout(Auth.caller(ctx).subject(), RequestBodies.body(ctx).getString("refreshToken"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
