package io.tourbook.platform;

import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.http.RouteRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * What a node hands to the verticles it deploys.
 *
 * @param config the merged configuration, with the backing services' resolved connection settings
 * @param routes where services register their HTTP sub-routers
 * @param readiness checks that make up {@code /ready}; services add their own dependencies
 * @param auth token verification and role checks for the services' routes
 * @param events durable event delivery: the one way services consume events
 */
public record NodeContext(
    JsonObject config,
    RouteRegistry routes,
    HealthChecks readiness,
    Auth auth,
    DurableEvents events) {}
