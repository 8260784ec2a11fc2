package io.tourbook.platform;

import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.RouteRegistry;
import io.tourbook.platform.mongo.MongoDatabases;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;

/**
 * What a node hands to the verticles it deploys.
 *
 * @param config the merged configuration, with the backing services' resolved connection settings
 * @param routes where services register their HTTP sub-routers
 * @param readiness checks that make up {@code /ready}; services add their own dependencies
 * @param auth token verification and role checks for the services' routes
 * @param events durable event delivery: the one way services consume events
 * @param databases the node's MongoDB, one database per service
 * @param clock the time every service reads
 * @param pages the paging of list endpoints
 */
public record NodeContext(
    JsonObject config,
    RouteRegistry routes,
    HealthChecks readiness,
    Auth auth,
    DurableEvents events,
    MongoDatabases databases,
    Clock clock,
    Pages pages) {

  /** A client of the service database {@code database}; the caller closes it when it stops. */
  public MongoClient mongo(String database) {
    return databases.client(database);
  }

  /** The same node for a service that reads {@code clock} instead of the node's clock. */
  public NodeContext withClock(Clock clock) {
    return new NodeContext(config, routes, readiness, auth, events, databases, clock, pages);
  }
}
