package io.tourbook.platform.node;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.audit.CommandAudit;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.events.DurableEvents;
import io.tourbook.platform.events.EventsRoutes;
import io.tourbook.platform.health.NodeHealth;
import io.tourbook.platform.http.Pages;
import io.tourbook.platform.http.RouteRegistry;
import io.tourbook.platform.mail.DevMailRoutes;
import io.tourbook.platform.mail.SentMail;
import io.tourbook.platform.mongo.MongoDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Everything one node runs on a Vert.x instance whose backing services are already resolved in the
 * config: the shared runtime (health, auth, the command audit, durable events), created once per
 * node, the chosen services, then the HTTP server mounting their routes. The launcher and the tests
 * start nodes the same way.
 */
public final class NodeRuntime {

  private final Vertx vertx;
  private final NodeContext context;
  private final NodeHealth health;
  private final CommandAudit audit;
  private final List<String> deployments;
  private final int httpPort;

  private NodeRuntime(
      Vertx vertx,
      NodeContext context,
      NodeHealth health,
      CommandAudit audit,
      List<String> deployments,
      int httpPort) {
    this.vertx = vertx;
    this.context = context;
    this.health = health;
    this.audit = audit;
    this.deployments = deployments;
    this.httpPort = httpPort;
  }

  /** Every service module on the class path, by name. */
  public static List<ServiceModule> availableServices() {
    List<ServiceModule> modules = new ArrayList<>();
    ServiceLoader.load(ServiceModule.class).forEach(modules::add);
    return modules;
  }

  /**
   * The modules named by a {@code --services} value: {@code all}, or names separated by commas.
   *
   * @throws IllegalArgumentException naming the unknown services and the known ones
   */
  public static List<ServiceModule> select(String names) {
    List<ServiceModule> available = availableServices();
    if (names == null || names.isBlank() || names.trim().equals("all")) {
      return available;
    }
    Set<String> wanted = new TreeSet<>();
    for (String name : names.split(",")) {
      if (!name.isBlank()) {
        wanted.add(name.trim().toLowerCase());
      }
    }
    Set<String> known = available.stream().map(ServiceModule::name).collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>(wanted);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Unknown services " + unknown + "; known: " + new TreeSet<>(known) + " or all");
    }
    return available.stream().filter(module -> wanted.contains(module.name())).toList();
  }

  public static Future<NodeRuntime> start(
      Vertx vertx, JsonObject config, List<ServiceModule> services) {
    return start(vertx, config, services, Optional.empty());
  }

  /**
   * @param sentMail what the embedded SMTP server received, when it is the one in use: served to
   *     admins at {@code /api/v1/dev/mail}, a route that does not exist otherwise
   */
  public static Future<NodeRuntime> start(
      Vertx vertx, JsonObject config, List<ServiceModule> services, Optional<SentMail> sentMail) {
    NodeHealth health = NodeHealth.create(vertx, config);
    MongoDatabases databases = MongoDatabases.from(vertx, config);
    Pages pages = Pages.from(config);
    RouteRegistry routes = new RouteRegistry();
    List<String> deployments = new ArrayList<>();
    return Future.all(
            Auth.create(vertx, config),
            DurableEvents.create(vertx, config, health.checks()),
            CommandAudit.create(databases, pages))
        .compose(
            shared -> {
              Auth auth = shared.resultAt(0);
              DurableEvents events = shared.resultAt(1);
              CommandAudit audit = shared.resultAt(2);
              Set<String> serviceNames = new TreeSet<>(Set.of(CommandAudit.PLATFORM));
              availableServices().forEach(module -> serviceNames.add(module.name()));
              services.forEach(module -> serviceNames.add(module.name()));
              routes.register(CommandAudit.PLATFORM, "commands", audit.table(auth, serviceNames));
              routes.register(
                  CommandAudit.PLATFORM, "events", new EventsRoutes(events, pages).table(auth));
              sentMail.ifPresent(
                  mail ->
                      routes.register(
                          CommandAudit.PLATFORM,
                          DevMailRoutes.MOUNT,
                          new DevMailRoutes(mail, pages).table(auth)));
              NodeContext context =
                  new NodeContext(
                      config,
                      routes,
                      health.checks(),
                      auth,
                      events,
                      databases,
                      Clock.systemUTC(),
                      pages);
              Future<Void> chain = events.startLiveFanout();
              for (ServiceModule service : services) {
                chain =
                    chain.compose(
                        v ->
                            vertx
                                .deployVerticle(service.verticle(context), service.deployment())
                                .map(deployments::add)
                                .mapEmpty());
              }
              return chain
                  .compose(v -> HttpServerVerticle.deploy(vertx, context, audit))
                  .map(
                      http -> {
                        deployments.add(http.deploymentId());
                        return new NodeRuntime(
                            vertx, context, health, audit, deployments, http.port());
                      })
                  .recover(
                      failure ->
                          new NodeRuntime(vertx, context, health, audit, deployments, 0)
                              .stop()
                              .transform(stopped -> Future.failedFuture(failure)));
            });
  }

  public NodeContext context() {
    return context;
  }

  public int httpPort() {
    return httpPort;
  }

  /** Undeploys the HTTP server first, so no request reaches a stopping service. */
  public Future<Void> stop() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String deployment = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(deployment));
    }
    return chain
        .eventually(() -> context.events().close())
        .eventually(() -> context.auth().close())
        .eventually(audit::close)
        .eventually(health::close);
  }
}
