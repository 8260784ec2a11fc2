package io.tourbook.listing;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.listing.http.ListingRoutes;
import io.tourbook.platform.http.RouteTable;
import io.tourbook.platform.testsupport.AuthorizationMatrix;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The listing route table: enforced for every role, and documented")
class ListingRoutesTest {

  private ListingNode harness;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    harness = ListingNode.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    harness.stop();
  }

  @Test
  @DisplayName("Every route answers every role (and anonymous callers) as the route table says")
  void authorizationMatrix() throws Exception {
    assertThat(harness.node.node.routes().tables()).containsKey(ListingRoutes.MOUNT);
    assertThat(await(AuthorizationMatrix.violations(harness.node))).isEmpty();
  }

  @Test
  @DisplayName("/openapi.json describes every route of the table")
  void openApiDescribesEveryRoute() throws Exception {
    JsonObject paths =
        await(harness.node.get("/openapi.json", null)).bodyAsJsonObject().getJsonObject("paths");
    RouteTable table = harness.node.node.routes().tables().get(ListingRoutes.MOUNT);
    for (RouteTable.Entry entry : table.entries()) {
      String relative = entry.path().equals("/") ? "" : entry.path().replaceAll(":(\\w+)", "{$1}");
      JsonObject path = paths.getJsonObject("/api/v1/" + ListingRoutes.MOUNT + relative);
      assertThat(path).as(entry.path()).isNotNull();
      assertThat(path.containsKey(entry.method().name().toLowerCase(Locale.ROOT)))
          .as(entry.method() + " " + entry.path())
          .isTrue();
    }
  }
}
