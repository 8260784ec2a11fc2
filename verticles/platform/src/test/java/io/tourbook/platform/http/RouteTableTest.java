package io.tourbook.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.NodeContext;
import io.tourbook.platform.ServiceModule;
import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.http.RouteTable.Access;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Route tables and the authorization matrix")
class RouteTableTest {

  /** A service whose routes are given by a function of the node. */
  private record TableService(java.util.function.Function<NodeContext, RouteTable> table)
      implements ServiceModule {
    @Override
    public String name() {
      return "table";
    }

    @Override
    public Deployable verticle(NodeContext node) {
      return new VerticleBase() {
        @Override
        public Future<?> start() {
          node.routes().register("table", "table", table.apply(node));
          return Future.succeededFuture();
        }
      };
    }
  }

  @Test
  @DisplayName("Every route answers every role as its table says")
  void tableIsEnforced(Vertx vertx, VertxTestContext testContext) {
    TableService service =
        new TableService(
            node ->
                new RouteTable(node.auth())
                    .add(HttpMethod.GET, "/open", Access.PUBLIC, ctx -> ctx.json("open"))
                    .add(HttpMethod.GET, "/any", Access.roles(Roles.ALL), ctx -> ctx.json("any"))
                    .add(
                        HttpMethod.POST,
                        "/items/:id",
                        Access.roles(Roles.PROVIDER, Roles.ADMIN),
                        ctx -> ctx.response().setStatusCode(204).end()));
    TestNode.start(vertx, TestBackingServices.get().config(), List.of(service))
        .compose(AuthorizationMatrix::violations)
        .onComplete(
            testContext.succeeding(
                violations ->
                    testContext.verify(
                        () -> {
                          assertThat(violations).isEmpty();
                          testContext.completeNow();
                        })));
  }

  @Test
  @DisplayName("A route that refuses callers its table allows is reported")
  void contradictionIsReported(Vertx vertx, VertxTestContext testContext) {
    TableService service =
        new TableService(
            node ->
                new RouteTable(node.auth())
                    .add(
                        HttpMethod.GET,
                        "/claims-public",
                        Access.PUBLIC,
                        node.auth().authenticated(),
                        ctx -> ctx.json("not public after all")));
    TestNode.start(vertx, TestBackingServices.get().config(), List.of(service))
        .compose(AuthorizationMatrix::violations)
        .onComplete(
            testContext.succeeding(
                violations ->
                    testContext.verify(
                        () -> {
                          assertThat(violations)
                              .singleElement()
                              .asString()
                              .contains("/claims-public", "anonymous", "status=401");
                          testContext.completeNow();
                        })));
  }
}
