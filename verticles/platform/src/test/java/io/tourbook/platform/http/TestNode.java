package io.tourbook.platform.http;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.NodeRuntime;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.serviceproxy.ServiceException;
import java.util.List;

/**
 * A node's HTTP server as the launcher starts it, over the test backing services, with a test mount
 * {@code things} and the audit's {@code commands} mount.
 */
public final class TestNode {

  public static final String THING_SCHEMA = "io/tourbook/platform/http/thing.json";

  public final JsonObject config;
  public final Auth auth;
  public final NodeContext node;
  public final int port;
  public final WebClient client;

  private TestNode(JsonObject config, Auth auth, NodeContext node, int port, WebClient client) {
    this.config = config;
    this.auth = auth;
    this.node = node;
    this.port = port;
    this.client = client;
  }

  public static Future<TestNode> start(Vertx vertx, JsonObject config) {
    ServiceModule things =
        new ServiceModule() {
          @Override
          public String name() {
            return "things";
          }

          @Override
          public Deployable verticle(NodeContext node) {
            return new VerticleBase() {
              @Override
              public Future<?> start() {
                node.routes().register("things", v -> things(v, node.auth(), node.config()));
                return Future.succeededFuture();
              }
            };
          }
        };
    return NodeRuntime.start(vertx, config, List.of(things))
        .map(
            runtime ->
                new TestNode(
                    config,
                    runtime.context().auth(),
                    runtime.context(),
                    runtime.httpPort(),
                    WebClient.create(
                        vertx,
                        new WebClientOptions()
                            .setDefaultHost("localhost")
                            .setDefaultPort(runtime.httpPort()))));
  }

  /** A valid token for {@code subject} with {@code roles}. */
  public String token(String subject, String... roles) {
    return auth.keys()
        .sign(new JsonObject().put("sub", subject).put("roles", new JsonArray(List.of(roles))));
  }

  public Future<HttpResponse<Buffer>> get(String path, String token) {
    var request = client.get(path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send();
  }

  public Future<HttpResponse<Buffer>> post(String path, String token, String body) {
    var request = client.post(path).putHeader("Content-Type", "application/json");
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.sendBuffer(Buffer.buffer(body));
  }

  /** The test mount: one route per behaviour the platform must provide to services. */
  static Router things(Vertx vertx, Auth auth, JsonObject config) {
    Router router = Router.router(vertx);
    router
        .post("/")
        .handler(auth.authenticated())
        .handler(auth.requireRole(Roles.PROVIDER))
        .handler(RequestBodies.validate(THING_SCHEMA))
        .handler(ctx -> ctx.response().setStatusCode(201).end(RequestBodies.body(ctx).encode()));
    router
        .post("/open")
        .handler(RequestBodies.validate(THING_SCHEMA))
        .handler(ctx -> ctx.response().setStatusCode(201).end(RequestBodies.body(ctx).encode()));
    router
        .get("/page")
        .handler(ctx -> ctx.json(Pages.page(ctx, config).response(new JsonArray(), 0)));
    router
        .get("/service-errors/:code")
        .handler(
            ctx -> {
              int code = Integer.parseInt(ctx.pathParam("code"));
              ctx.fail(new ServiceException(code, "service said " + code));
            });
    router
        .get("/boom")
        .handler(
            ctx -> {
              throw new IllegalStateException("secret internal detail");
            });
    router
        .get("/:id")
        .handler(auth.authenticated())
        .handler(
            ctx -> {
              var caller = Auth.caller(ctx);
              ctx.json(
                  new JsonObject()
                      .put("id", RequestBodies.pathId(ctx, "id"))
                      .put("subject", caller.subject())
                      .put("roles", new JsonArray(List.copyOf(caller.roles()))));
            });
    router
        .post("/:id/explode")
        .handler(
            ctx -> {
              throw new IllegalStateException("exploded");
            });
    router
        .delete("/:id")
        .handler(auth.authenticated())
        .handler(
            ctx -> {
              RequestBodies.pathId(ctx, "id");
              ctx.response().setStatusCode(204).end();
            });
    return router;
  }
}
