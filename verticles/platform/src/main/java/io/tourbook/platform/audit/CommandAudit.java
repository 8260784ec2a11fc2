package io.tourbook.platform.audit;

import io.tourbook.contracts.Times;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Caller;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.ApiException;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.QueryParams;
import io.tourbook.platform.http.RequestBodies;
import io.tourbook.platform.http.RoutePatterns;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.http.RouteTable.Access;
import io.tourbook.platform.mongo.MongoDatabases;
import io.tourbook.platform.mongo.PortableWrites;
import io.tourbook.platform.mongo.PortableWrites.Index;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of commands: every state-changing request (POST, PUT, PATCH, DELETE) under {@code
 * /api} is recorded when its response ends, with who, which roles, the action (method and route
 * pattern), the target (path parameters), the outcome and the time. Never the body or the headers:
 * they can hold passwords and tokens. Admins query the log at {@code GET /api/v1/commands}.
 *
 * <p>Outcomes: {@code succeeded} (2xx/3xx), {@code rejected} (4xx but 429, which is not recorded),
 * {@code failed} (5xx), and {@code aborted} when the connection closed before the response was
 * complete. Each entry names the service (e.g. {@code cart}, not its mount {@code carts}); the
 * platform's own routes are {@code platform}'s. A public command about an account (a login) names
 * it with {@link #account}.
 */
public final class CommandAudit {

  public static final String DATABASE = "audit";
  public static final String COLLECTION = "commands";
  public static final Set<String> OUTCOMES = Set.of("succeeded", "rejected", "failed", "aborted");

  /** The service name of the platform's own routes (the audit log, events, the dev mailbox). */
  public static final String PLATFORM = "platform";

  private static final String ACCOUNT = CommandAudit.class.getName() + ".account";

  private static final Logger LOG = LoggerFactory.getLogger(CommandAudit.class);

  /**
   * Too Many Requests: not recorded. It changed nothing and the metrics count it, and recording it
   * made every request of a flood a durable write, which deepened the overload it answered.
   */
  private static final int TURNED_AWAY = 429;

  private static final Set<HttpMethod> COMMANDS =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
  private static final List<String> EXACT_FILTERS =
      List.of("service", "actor", "action", "outcome");
  private static final Set<String> QUERY_PARAMS =
      Set.of("service", "actor", "action", "outcome", "since", "until", "page", "size");
  private static final JsonObject NEWEST_FIRST = new JsonObject().put("at", -1).put("_id", -1);

  private final MongoClient mongo;
  private final Pages pages;

  private CommandAudit(MongoClient mongo, Pages pages) {
    this.mongo = mongo;
    this.pages = pages;
  }

  /** Connects to database {@code audit} through the node's shared client and ensures indexes. */
  public static Future<CommandAudit> create(MongoDatabases databases, Pages pages) {
    CommandAudit audit = new CommandAudit(databases.client(DATABASE), pages);
    return audit.createIndexes().map(audit);
  }

  /** Releases this user's share of the MongoDB client. */
  public Future<Void> close() {
    return mongo.close();
  }

  /**
   * Records the commands of the routes it precedes, attributed to {@code service}. A failed write
   * is logged and never affects the request.
   */
  public Handler<RoutingContext> handler(String service) {
    return ctx -> {
      if (COMMANDS.contains(ctx.request().method())) {
        ctx.addEndHandler(
            ended -> {
              if (ctx.response().getStatusCode() != TURNED_AWAY) {
                record(ctx, service, ended.succeeded());
              }
            });
      }
      ctx.next();
    };
  }

  /**
   * Names the account an unauthenticated command concerns, e.g. the one whose e-mail a login gave:
   * its entry has the account as {@code target.account} and, once the command succeeded, as its
   * actor.
   */
  public static void account(RoutingContext ctx, String accountId) {
    ctx.put(ACCOUNT, accountId);
  }

  /**
   * The admin query routes, mounted at {@code commands}: admins only.
   *
   * @param services the service names the log may hold; filtering by another is a 400
   */
  public RouteTable table(Auth auth, Set<String> services) {
    Access admin = Access.roles(Roles.ADMIN);
    Set<String> known = Set.copyOf(services);
    return new RouteTable(auth)
        .add(HttpMethod.GET, "/", admin, ctx -> list(ctx, known))
        .add(HttpMethod.GET, "/:id", admin, this::get);
  }

  private Future<Void> createIndexes() {
    return PortableWrites.createIndexes(
        mongo,
        COLLECTION,
        List.of(
            Index.of(NEWEST_FIRST),
            Index.named("service_at", new JsonObject().put("service", 1).put("at", -1)),
            Index.named("actor_at", new JsonObject().put("actor", 1).put("at", -1))));
  }

  private void record(RoutingContext ctx, String service, boolean completed) {
    int status = ctx.response().getStatusCode();
    Caller caller = Auth.callerOrNull(ctx);
    String account = ctx.get(ACCOUNT);
    String actor = caller != null ? caller.subject() : status < 400 ? account : null;
    JsonObject target = new JsonObject();
    RoutePatterns.pathParams(ctx).forEach(target::put);
    if (account != null) {
      target.put("account", account);
    }
    String pattern = RoutePatterns.of(ctx);
    String action =
        ctx.request().method().name()
            + " "
            + (pattern != null ? pattern : "/api/v1/" + service + "/*");
    JsonObject entry =
        new JsonObject()
            .put("_id", UUID.randomUUID().toString())
            .put("service", service)
            .put("actor", actor)
            .put(
                "roles",
                caller == null
                    ? new JsonArray()
                    : new JsonArray(List.copyOf(new TreeSet<>(caller.roles()))))
            .put("action", action)
            .put("target", target)
            .put("outcome", completed ? outcome(status) : "aborted")
            .put("status", status)
            .put("at", Times.mongoDate(Instant.now()));
    mongo
        .insert(COLLECTION, entry)
        .onFailure(e -> LOG.warn("Could not record command {} of {}", action, service, e));
  }

  private static String outcome(int status) {
    if (status >= 500) {
      return "failed";
    }
    return status >= 400 ? "rejected" : "succeeded";
  }

  private void list(RoutingContext ctx, Set<String> services) {
    QueryParams.allowOnly(ctx, QUERY_PARAMS);
    JsonObject filter = new JsonObject();
    for (String name : EXACT_FILTERS) {
      String value = QueryParams.single(ctx, name);
      if (value != null) {
        // A string value is matched literally: it can never become an operator.
        filter.put(name, value);
      }
    }
    String service = filter.getString("service");
    if (service != null && !services.contains(service)) {
      throw ApiException.badRequest("service must be one of " + new TreeSet<>(services) + ".");
    }
    String outcome = filter.getString("outcome");
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw ApiException.badRequest("outcome must be one of " + new TreeSet<>(OUTCOMES) + ".");
    }
    JsonObject at = new JsonObject();
    Instant since = instant(ctx, "since");
    if (since != null) {
      at.put("$gte", new JsonObject().put("$date", since.toString()));
    }
    Instant until = instant(ctx, "until");
    if (until != null) {
      at.put("$lt", new JsonObject().put("$date", until.toString()));
    }
    if (!at.isEmpty()) {
      filter.put("at", at);
    }
    Pages.Page page = pages.page(ctx);
    FindOptions options =
        new FindOptions().setSort(NEWEST_FIRST).setSkip(page.skip()).setLimit(page.size());
    Future<Long> total = mongo.count(COLLECTION, filter);
    Future<List<JsonObject>> found = mongo.findWithOptions(COLLECTION, filter, options);
    Future.all(total, found)
        .onSuccess(
            done ->
                ctx.json(
                    page.response(
                        new JsonArray(found.result().stream().map(CommandAudit::view).toList()),
                        total.result())))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = RequestBodies.pathId(ctx, "id");
    mongo
        .findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .onSuccess(
            entry -> {
              if (entry == null) {
                ctx.fail(ApiException.notFound("No command " + id + "."));
              } else {
                ctx.json(view(entry));
              }
            })
        .onFailure(ctx::fail);
  }

  private static JsonObject view(JsonObject entry) {
    Object at = entry.getValue("at");
    return new JsonObject()
        .put("id", entry.getString("_id"))
        .put("service", entry.getString("service"))
        .put("actor", entry.getString("actor"))
        .put("roles", entry.getJsonArray("roles", new JsonArray()))
        .put("action", entry.getString("action"))
        .put("target", entry.getJsonObject("target", new JsonObject()))
        .put("outcome", entry.getString("outcome"))
        .put("status", entry.getInteger("status"))
        .put("at", at instanceof JsonObject date ? date.getString("$date") : at);
  }

  private static Instant instant(RoutingContext ctx, String name) {
    String value = QueryParams.single(ctx, name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          name + " must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z.");
    }
  }
}
