package io.tourbook.platform.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The sub-routers of the services deployed on this node. Each HTTP verticle instance builds its own
 * router from these factories, so a router is only ever used from one event loop.
 */
public final class RouteRegistry {

  private final Map<String, Function<Vertx, Router>> factories = new ConcurrentHashMap<>();
  private final Map<String, RouteTable> tables = new ConcurrentHashMap<>();
  private final Map<String, String> services = new ConcurrentHashMap<>();

  /**
   * Registers the factory of a hand-built sub-router mounted at {@code /api/v1/<mount>}: only the
   * platform's own tests of the HTTP foundation do this, services register route tables.
   */
  void register(String mount, Function<Vertx, Router> factory) {
    register(mount, mount, factory);
  }

  private void register(String service, String mount, Function<Vertx, Router> factory) {
    if (factories.putIfAbsent(mount, factory) != null) {
      throw new IllegalStateException("Routes already registered for " + mount);
    }
    services.put(mount, service);
  }

  /**
   * Registers the route table of {@code service} (its name, e.g. {@code cart}), served at {@code
   * /api/v1/<mount>} (e.g. {@code carts}).
   */
  public void register(String service, String mount, RouteTable table) {
    register(service, mount, table::router);
    tables.put(mount, table);
  }

  /** The name of the service whose routes are mounted at {@code mount}. */
  public String service(String mount) {
    String service = services.get(mount);
    if (service == null) {
      throw new IllegalArgumentException("Nothing is mounted at " + mount);
    }
    return service;
  }

  /** The route tables registered on this node, by mount: what the authorization tests walk. */
  public Map<String, RouteTable> tables() {
    return Map.copyOf(tables);
  }

  public Map<String, Function<Vertx, Router>> factories() {
    return Map.copyOf(factories);
  }
}
