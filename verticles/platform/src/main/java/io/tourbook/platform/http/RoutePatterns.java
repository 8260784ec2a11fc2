package io.tourbook.platform.http;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Which route of a mounted sub-router served a request, as a pattern ({@code /api/v1/listings/:id})
 * rather than the concrete path. A handler on the parent router cannot see that, so {@link #track}
 * puts a first route on the sub-router that remembers the sub-router's context, whose current route
 * and mount point are read when asked.
 */
public final class RoutePatterns {

  private static final String KEY = RoutePatterns.class.getName() + ".context";

  private RoutePatterns() {}

  /** Makes the requests that {@code subRouter} serves report their route pattern. */
  public static Router track(Router subRouter) {
    subRouter
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              ctx.put(KEY, ctx);
              ctx.next();
            });
    return subRouter;
  }

  /**
   * The pattern of the route that served the request, e.g. {@code /api/v1/listings/:id}; the mount
   * point followed by {@code /*} when no route of the sub-router matched; null for a request that
   * never reached a tracked sub-router.
   */
  public static String of(RoutingContext ctx) {
    RoutingContext tracked = ctx.get(KEY);
    if (tracked == null) {
      return null;
    }
    String mountPoint = tracked.mountPoint() == null ? "" : tracked.mountPoint();
    if (mountPoint.endsWith("/")) {
      mountPoint = mountPoint.substring(0, mountPoint.length() - 1);
    }
    Route route = tracked.currentRoute();
    String path = route == null ? null : route.getPath();
    if (path == null) {
      return mountPoint + "/*";
    }
    if (path.equals("/")) {
      return mountPoint.isEmpty() ? "/" : mountPoint;
    }
    return mountPoint + path;
  }

  /** The path parameters of the route that served the request, empty when untracked. */
  public static Map<String, String> pathParams(RoutingContext ctx) {
    RoutingContext tracked = ctx.get(KEY);
    return tracked == null ? Map.of() : Map.copyOf(tracked.pathParams());
  }
}
