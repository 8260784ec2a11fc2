package io.tourbook.platform;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;

/**
 * One of the platform's services. Implementations are found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.tourbook.platform.ServiceModule) and the launcher deploys the ones a node
 * runs.
 */
public interface ServiceModule {

  /** Lowercase service name; its routes are mounted under {@code /api/v1/<name>}. */
  String name();

  /**
   * The service's entry-point verticle: reads config, creates clients, binds proxies, starts its
   * subscriptions and registers its routes with {@link NodeContext#routes()}.
   */
  Deployable verticle(NodeContext node);

  /** How the verticle is deployed: by default one instance on an event loop. */
  default DeploymentOptions deployment() {
    return new DeploymentOptions();
  }
}
