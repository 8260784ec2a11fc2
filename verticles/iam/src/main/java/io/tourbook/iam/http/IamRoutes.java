package io.tourbook.iam.http;

import io.tourbook.iam.IamSettings;
import io.tourbook.iam.impl.AccountService;
import io.tourbook.iam.model.Account;
import io.tourbook.iam.throttle.RegistrationThrottle;
import io.tourbook.iam.throttle.ThrottledException;
import io.tourbook.platform.audit.CommandAudit;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.JwtKeys;
import io.tourbook.platform.auth.OidcDiscovery;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Ids;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * iam's routes, mounted at {@code /api/v1/iam}. Every account is answered with its id as {@code id}
 * ({@link Ids#answered}).
 */
public final class IamRoutes {

  public static final String MOUNT = "iam";

  private static final String CALLER_ACCOUNT = IamRoutes.class.getName() + ".account";
  private static final Set<String> LIST_PARAMS =
      Set.of("role", "status", "verified", "page", "size");
  private static final Set<String> BOOLEANS = Set.of("true", "false");

  private final AccountService accounts;
  private final RegistrationThrottle registrations;
  private final JwtKeys keys;
  private final IamSettings settings;
  private final JsonObject config;
  private final Pages pages;

  public IamRoutes(
      AccountService accounts,
      RegistrationThrottle registrations,
      JwtKeys keys,
      IamSettings settings,
      JsonObject config,
      Pages pages) {
    this.accounts = accounts;
    this.registrations = registrations;
    this.keys = keys;
    this.settings = settings;
    this.config = config;
    this.pages = pages;
  }

  public RouteTable table(Auth auth) {
    return new RouteTable(auth)
        .add(
            HttpMethod.POST,
            "/register",
            Access.PUBLIC,
            RequestBodies.validate("schemas/iam/register.json"),
            this::registrationAllowed,
            this::register)
        .add(
            HttpMethod.POST,
            "/login",
            Access.PUBLIC,
            RequestBodies.validate("schemas/iam/login.json"),
            this::login)
        .add(HttpMethod.GET, "/jwks", Access.PUBLIC, OidcDiscovery.jwksHandler(keys))
        .add(HttpMethod.GET, "/me", Access.roles(Roles.ALL), this::ownAccount, this::me)
        .add(
            HttpMethod.PUT,
            "/me/availability",
            Access.roles(Roles.REALTOR),
            this::ownAccount,
            RequestBodies.validate("schemas/iam/availability.json"),
            this::setAvailability)
        .add(
            HttpMethod.GET,
            "/me/blocked-times",
            Access.roles(Roles.REALTOR),
            this::ownAccount,
            this::blockedTimes)
        .add(
            HttpMethod.POST,
            "/me/blocked-times",
            Access.roles(Roles.REALTOR),
            this::ownAccount,
            RequestBodies.validate("schemas/iam/blocked-time.json"),
            this::addBlockedTime)
        .add(
            HttpMethod.DELETE,
            "/me/blocked-times/:id",
            Access.roles(Roles.REALTOR),
            this::ownAccount,
            this::removeBlockedTime)
        .add(HttpMethod.GET, "/accounts", Access.roles(Roles.ADMIN), this::activeAdmin, this::list)
        .add(
            HttpMethod.POST,
            "/accounts",
            Access.roles(Roles.ADMIN),
            this::activeAdmin,
            RequestBodies.validate("schemas/iam/create-admin.json"),
            this::createAdmin)
        .add(
            HttpMethod.GET,
            "/accounts/:id",
            Access.roles(Roles.ADMIN),
            this::activeAdmin,
            this::get)
        .add(
            HttpMethod.POST,
            "/accounts/:id/verify",
            Access.roles(Roles.ADMIN),
            this::activeAdmin,
            this::verify)
        .add(
            HttpMethod.PUT,
            "/accounts/:id/status",
            Access.roles(Roles.ADMIN),
            this::activeAdmin,
            RequestBodies.validate("schemas/iam/status.json"),
            this::setStatus);
  }

  /** Counts the registration against its address before any work is done. */
  private void registrationAllowed(RoutingContext ctx) {
    registrations
        .attempt(clientAddress(ctx))
        .onSuccess(allowed -> ctx.next())
        .onFailure(failure -> failWith(ctx, failure));
  }

  private void register(RoutingContext ctx) {
    accounts
        .register(RequestBodies.body(ctx))
        .onSuccess(account -> created(ctx, Ids.answered(account)))
        .onFailure(ctx::fail);
  }

  private static void created(RoutingContext ctx, JsonObject account) {
    ctx.response().setStatusCode(201);
    ctx.json(account);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = RequestBodies.body(ctx);
    accounts
        .login(
            body.getString("email"),
            body.getString("password"),
            clientAddress(ctx),
            account -> CommandAudit.account(ctx, account))
        .onSuccess(
            token -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(token);
            })
        .onFailure(failure -> failWith(ctx, failure));
  }

  /** A {@link ThrottledException} is a 429 with Retry-After. */
  private static void failWith(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ThrottledException throttled) {
      ctx.response().putHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
      ctx.fail(ApiException.tooManyRequests(throttled.getMessage()));
    } else {
      ctx.fail(failure);
    }
  }

  /**
   * The connection's address or, behind a trusted proxy, the rightmost entry of the configured
   * header: the one that proxy added, which a client cannot forge.
   */
  private String clientAddress(RoutingContext ctx) {
    String header = settings.clientAddressHeader();
    if (!header.isBlank()) {
      String forwarded = ctx.request().getHeader(header);
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        return hops[hops.length - 1].strip();
      }
    }
    return ctx.request().remoteAddress() == null
        ? "unknown"
        : ctx.request().remoteAddress().hostAddress();
  }

  /** The caller's own account, which must exist and be active. */
  private void ownAccount(RoutingContext ctx) {
    accounts
        .activeAccount(Auth.caller(ctx).subject())
        .onSuccess(
            account -> {
              if (account == null) {
                ctx.fail(ApiException.notFound("There is no account for this token."));
              } else {
                ctx.put(CALLER_ACCOUNT, account);
                ctx.next();
              }
            })
        .onFailure(ctx::fail);
  }

  /** A suspended admin is refused at once, not only when the token expires. */
  private void activeAdmin(RoutingContext ctx) {
    accounts
        .activeAccount(Auth.caller(ctx).subject())
        .onSuccess(account -> ctx.next())
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    accounts
        .withRecords(ctx.get(CALLER_ACCOUNT))
        .map(Ids::answered)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void setAvailability(RoutingContext ctx) {
    accounts
        .setAvailability(Auth.caller(ctx).subject(), RequestBodies.body(ctx))
        .map(Ids::answered)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void blockedTimes(RoutingContext ctx) {
    accounts
        .blockedTimes(Auth.caller(ctx).subject())
        .onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  private void addBlockedTime(RoutingContext ctx) {
    int max = config.getJsonObject("iam", new JsonObject()).getInteger("max-blocked-times", 200);
    accounts
        .addBlockedTime(Auth.caller(ctx).subject(), RequestBodies.body(ctx), max)
        .onSuccess(entry -> created(ctx, entry))
        .onFailure(ctx::fail);
  }

  private void removeBlockedTime(RoutingContext ctx) {
    accounts
        .removeBlockedTime(Auth.caller(ctx).subject(), ctx.pathParam("id"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    QueryParams.allowOnly(ctx, LIST_PARAMS);
    JsonObject filter = new JsonObject();
    String role = QueryParams.oneOf(ctx, "role", Roles.ALL);
    if (role != null) {
      filter.put(Account.ROLE, role);
    }
    String status = QueryParams.oneOf(ctx, "status", Account.STATUSES);
    if (status != null) {
      filter.put(Account.STATUS, status);
    }
    String verified = QueryParams.oneOf(ctx, "verified", BOOLEANS);
    if (verified != null) {
      filter.put(Account.VERIFIED, Boolean.parseBoolean(verified));
    }
    accounts
        .list(filter, pages.page(ctx))
        .map(Ids::answeredItems)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void createAdmin(RoutingContext ctx) {
    accounts
        .createAdmin(Auth.caller(ctx).subject(), RequestBodies.body(ctx))
        .onSuccess(account -> created(ctx, Ids.answered(account)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    accounts
        .get(RequestBodies.pathId(ctx, "id"))
        .map(Ids::answered)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void verify(RoutingContext ctx) {
    accounts
        .verify(Auth.caller(ctx).subject(), RequestBodies.pathId(ctx, "id"))
        .map(Ids::answered)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void setStatus(RoutingContext ctx) {
    accounts
        .setStatus(
            Auth.caller(ctx).subject(),
            RequestBodies.pathId(ctx, "id"),
            RequestBodies.body(ctx).getString(Account.STATUS))
        .map(Ids::answered)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
