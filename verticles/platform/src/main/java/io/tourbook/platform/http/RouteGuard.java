package io.tourbook.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The checks a {@link RouteTable} puts in front of every non-public route. The platform's {@code
 * Auth} implements it; it is an interface so that this toolkit depends on no other package.
 */
public interface RouteGuard {

  /** Fails the request with 401 unless it carries a valid bearer token. */
  Handler<RoutingContext> authenticated();

  /** Fails the request with 403 unless its caller holds one of {@code roles}. */
  Handler<RoutingContext> requireRole(String... roles);
}
