package io.tourbook.platform.auth;

import io.tourbook.platform.auth.JwtKeys.InvalidTokenException;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.RouteGuard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class Auth implements RouteGuard {

  private static final Logger LOG = LoggerFactory.getLogger(Auth.class);
  private static final String BEARER = "bearer ";
  private static final String CALLER = Auth.class.getName() + ".caller";
  private static final String INVALID_TOKEN = "The bearer token is invalid or expired.";

  private final JwtKeys keys;
  private final VerifiedTokens tokens;
  private final AccountStates accountStates;
  private final AtomicBoolean degraded = new AtomicBoolean();

  private Auth(JwtKeys keys, AccountStates accountStates) {
    this.keys = keys;
    this.tokens = new VerifiedTokens(keys);
    this.accountStates = accountStates;
  }

  /** Loads the keys ({@link JwtKeys#load}) and connects to the account states in Redis. */
  public static Future<Auth> create(Vertx vertx, JsonObject config) {
    return JwtKeys.load(vertx, config)
        .map(keys -> new Auth(keys, AccountStates.create(vertx, config)));
  }

  public JwtKeys keys() {
    return keys;
  }

  public AccountStates accountStates() {
    return accountStates;
  }

  /**
   * Requires a valid {@code Authorization: Bearer} token (401 problem otherwise) whose account
   * exists (401) and is active (403), as {@link AccountStates} says.
   */
  @Override
  public Handler<RoutingContext> authenticated() {
    return this::authenticate;
  }

  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(ApiException.unauthorized("A valid bearer token is required."));
      return;
    }
    Caller caller;
    try {
      caller = tokens.verify(header.substring(BEARER.length()).strip());
    } catch (InvalidTokenException invalid) {
      LOG.debug("Refused a token: {}", invalid.getMessage());
      ctx.fail(ApiException.unauthorized(INVALID_TOKEN));
      return;
    }
    Context context = Vertx.currentContext();
    accountStates
        .state(caller.subject())
        .onComplete(
            state -> {
              if (Vertx.currentContext() != context) {
                context.runOnContext(v -> admit(ctx, caller, state.result(), state.cause()));
              } else {
                admit(ctx, caller, state.result(), state.cause());
              }
            });
  }

  private void admit(RoutingContext ctx, Caller caller, String state, Throwable failure) {
    if (failure != null) {
      LOG.error("Cannot read the account states", failure);
      ctx.fail(ApiException.unavailable("Authentication is unavailable; try again later."));
    } else if (AccountStates.INCOMPLETE.equals(state)) {
      // Redis lost the states (iam restores them within jwt.account-state-repair-ms): until then,
      // the signature alone admits, as before account states existed, rather than refusing
      // everyone.
      if (degraded.compareAndSet(false, true)) {
        LOG.warn(
            "Account states missing in Redis: tokens are checked by signature only until iam restores them");
      }
      admitCaller(ctx, caller);
    } else if (state == null) {
      ctx.fail(ApiException.unauthorized("There is no account for this token."));
    } else if (!AccountStates.ACTIVE.equals(state)) {
      ctx.fail(ApiException.forbidden("This account is suspended."));
    } else {
      if (degraded.compareAndSet(true, false)) {
        LOG.info("Account states are back in Redis");
      }
      admitCaller(ctx, caller);
    }
  }

  private static void admitCaller(RoutingContext ctx, Caller caller) {
    ctx.put(CALLER, caller);
    ctx.next();
  }

  public Future<Void> close() {
    return accountStates.close();
  }

  /**
   * Requires that the authenticated caller has at least one of {@code roles}; 403 otherwise (401 if
   * the route has no {@link #authenticated()} before it and the request carries no user).
   */
  @Override
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
    return ctx.get(CALLER);
  }
}
