package io.tourbook.platform.auth;

import io.tourbook.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Authentication and role checks for routes: one per node, shared by every HTTP verticle instance.
 *
 * <pre>
 * router.post("/listings")
 *     .handler(auth.authenticated())
 *     .handler(auth.requireRole(Roles.PROVIDER))
 *     .handler(RequestBodies.validate("schemas/listing-create.json"))
 *     .handler(this::create);
 * </pre>
 */
public final class Auth {

  private final JwtKeys keys;
  private final JWTAuth provider;

  private Auth(JwtKeys keys, JWTAuth provider) {
    this.keys = keys;
    this.provider = provider;
  }

  /** Loads the keys ({@link JwtKeys#load}) and builds the verifying provider. */
  public static Future<Auth> create(Vertx vertx, JsonObject config) {
    return JwtKeys.load(vertx, config).map(keys -> new Auth(keys, keys.provider(vertx)));
  }

  public JwtKeys keys() {
    return keys;
  }

  /** Requires a valid {@code Authorization: Bearer} token; 401 problem otherwise. */
  public Handler<RoutingContext> authenticated() {
    return JWTAuthHandler.create(provider);
  }

  /**
   * Requires that the authenticated caller has at least one of {@code roles}; 403 otherwise (401 if
   * the route has no {@link #authenticated()} before it and the request carries no user).
   */
  public Handler<RoutingContext> requireRole(String... roles) {
    if (roles.length == 0) {
      throw new IllegalArgumentException("Name at least one role");
    }
    List<String> allowed = List.of(roles);
    String detail = "This requires the role " + String.join(" or ", allowed) + ".";
    return ctx -> {
      Caller caller = caller(ctx);
      if (allowed.stream().anyMatch(caller::hasRole)) {
        ctx.next();
      } else {
        ctx.fail(ApiException.forbidden(detail));
      }
    };
  }

  /** The authenticated caller of this request; 401 when there is none. */
  public static Caller caller(RoutingContext ctx) {
    Caller caller = callerOrNull(ctx);
    if (caller == null) {
      throw ApiException.unauthorized("A valid bearer token is required.");
    }
    return caller;
  }

  /** The caller when the request is authenticated, or null (for routes open to anyone). */
  public static Caller callerOrNull(RoutingContext ctx) {
    User user = ctx.user();
    if (user == null || !(user.principal().getValue("sub") instanceof String subject)) {
      return null;
    }
    return new Caller(subject, roles(user.principal()));
  }

  private static Set<String> roles(JsonObject principal) {
    Set<String> roles = new LinkedHashSet<>();
    Object claim = principal.getValue("roles");
    if (claim instanceof JsonArray array) {
      array.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
    }
    return roles;
  }
}
