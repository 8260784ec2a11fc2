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

  /**
   * Registers the factory of a hand-built sub-router mounted at {@code /api/v1/<mount>}: only the
   * platform's own tests of the HTTP foundation do this, services register route tables.
   */
  void register(String mount, Function<Vertx, Router> factory) {
    if (factories.putIfAbsent(mount, factory) != null) {
      throw new IllegalStateException("Routes already registered for " + mount);
    }
  }

  /** Registers a service's route table, served at {@code /api/v1/<mount>}. */
  public void register(String mount, RouteTable table) {
    register(mount, table::router);
    tables.put(mount, table);
  }

  /** The route tables registered on this node, by mount: what the authorization tests walk. */
  public Map<String, RouteTable> tables() {
    return Map.copyOf(tables);
  }

  public Map<String, Function<Vertx, Router>> factories() {
    return Map.copyOf(factories);
  }
}
