package io.tourbook.platform.http;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.auth.Auth;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.serviceproxy.ServiceException;
import java.util.List;

/** A test service mounted at {@code things}: one route per behaviour services rely on. */
public final class ThingsService implements ServiceModule {

  public static final String THING_SCHEMA = "io/tourbook/platform/http/thing.json";

  /** A node running only this service. */
  public static Future<TestNode> node(Vertx vertx, JsonObject config) {
    return TestNode.start(vertx, config, List.of(new ThingsService()));
  }

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
        .handler(ctx -> ctx.json(Pages.from(config).page(ctx).response(new JsonArray(), 0)));
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
        .post("/:id/busy")
        .handler(ctx -> ctx.fail(ApiException.tooManyRequests("busy; nothing was done")));
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
