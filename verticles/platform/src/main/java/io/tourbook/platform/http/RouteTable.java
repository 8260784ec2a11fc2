package io.tourbook.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's routes as data: method, path, who may call it, and the handler chain. The router is
 * built from it, with authentication and the role check as the first steps of every non-public
 * route, and the authorization tests walk the same table, so what is tested is what is served.
 */
public final class RouteTable {

  /** Who may call a route: anyone, or a caller with a valid token holding one of the roles. */
  public record Access(boolean authenticated, Set<String> roles) {

    public static final Access PUBLIC = new Access(false, Set.of());

    public static Access roles(String... roles) {
      return new Access(true, Set.of(roles));
    }

    public static Access roles(Set<String> roles) {
      return new Access(true, Set.copyOf(roles));
    }

    public boolean allows(String role) {
      return !authenticated || roles.contains(role);
    }
  }

  /** One route of the table. */
  public record Entry(
      HttpMethod method, String path, Access access, List<Handler<RoutingContext>> handlers) {

    /** The JSON Schema resource the route validates its body against, if it takes a body. */
    public Optional<String> bodySchema() {
      return handlers.stream()
          .filter(RequestBodies.Validation.class::isInstance)
          .map(handler -> ((RequestBodies.Validation) handler).schemaResource())
          .findFirst();
    }
  }

  private static final String ALLOWED = RouteTable.class.getName() + ".allowed";

  private final RouteGuard guard;
  private final List<Entry> entries = new ArrayList<>();

  public RouteTable(RouteGuard guard) {
    this.guard = guard;
  }

  @SafeVarargs
  public final RouteTable add(
      HttpMethod method, String path, Access access, Handler<RoutingContext>... handlers) {
    entries.add(new Entry(method, path, access, List.of(handlers)));
    return this;
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** A router serving the table; each HTTP verticle instance builds its own. */
  public Router router(Vertx vertx) {
    return addTo(Router.router(vertx));
  }

  /**
   * Adds the table's routes to {@code router}. A GET route answers HEAD too (the same handlers; the
   * server sends no body). A request for one of the table's paths with a method none of its routes
   * takes is a 405 whose {@code Allow} header lists the methods they take; any other request goes
   * on to the routes added after these.
   */
  public Router addTo(Router router) {
    Map<String, Set<String>> allowed = new LinkedHashMap<>();
    for (Entry entry : entries) {
      Route route = router.route(entry.method(), entry.path());
      Set<String> methods = allowed.computeIfAbsent(entry.path(), path -> new TreeSet<>());
      methods.add(entry.method().name());
      if (entry.method() == HttpMethod.GET) {
        route.method(HttpMethod.HEAD);
        methods.add(HttpMethod.HEAD.name());
      }
      if (entry.access().authenticated()) {
        route
            .handler(guard.authenticated())
            .handler(guard.requireRole(entry.access().roles().toArray(String[]::new)));
      }
      route.handler(DocumentedQueries::refuseUndeclared);
      entry.handlers().forEach(route::handler);
    }
    // Every path a request matches adds its methods (patterns may overlap); the last route decides.
    allowed.forEach(
        (path, methods) ->
            router
                .route(path)
                .handler(
                    ctx -> {
                      Set<String> collected = ctx.get(ALLOWED);
                      if (collected == null) {
                        collected = new TreeSet<>();
                        ctx.put(ALLOWED, collected);
                      }
                      collected.addAll(methods);
                      ctx.next();
                    }));
    router.route().handler(RouteTable::methodNotAllowed);
    return router;
  }

  private static void methodNotAllowed(RoutingContext ctx) {
    Set<String> methods = ctx.remove(ALLOWED);
    if (methods == null) {
      ctx.next();
    } else {
      ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ", methods));
      ctx.fail(405);
    }
  }
}
