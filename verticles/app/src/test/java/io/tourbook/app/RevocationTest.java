package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.cart.CartModule;
import io.tourbook.listing.ListingModule;
import io.tourbook.payment.PaymentModule;
import io.tourbook.platform.cluster.NodeVertx;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestNode;
import io.tourbook.tour.TourModule;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Revocation on every node")
class RevocationTest {

  /** What issue 12 promises: a suspension reaches every service on every node within 5 s. */
  private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);

  private static final List<String> ROUTES =
      List.of("/api/v1/carts/me", "/api/v1/payments", "/api/v1/tours", "/api/v1/listings");

  @Test
  @DisplayName(
      "A suspended customer's token is refused by cart, payment, tour and listing on a node without iam within 5 s, accepted again after reactivation; an unknown subject's token is refused")
  void suspensionReachesTheSecondNode() throws Exception {
    JsonObject cluster =
        new JsonObject()
            .put("name", "revocation-" + UUID.randomUUID())
            .put("host", "127.0.0.1")
            .put("members", new JsonArray().add("127.0.0.1:17701").add("127.0.0.1:17702"))
            .put("port", 17701);
    JsonObject clusterConfig = new JsonObject().put("cluster", cluster);
    List<Vertx> nodes = new ArrayList<>();
    try {
      Vertx front = await(NodeVertx.create(clusterConfig, true));
      nodes.add(front);
      Platform platform = Platform.start(front);
      Vertx secondVertx = await(NodeVertx.create(clusterConfig, true));
      nodes.add(secondVertx);
      TestNode second =
          await(
              TestNode.start(
                  secondVertx,
                  platform.node.config,
                  List.of(
                      new CartModule(),
                      new PaymentModule(),
                      new TourModule(),
                      new ListingModule())));
      String email = Platform.email("suspended");
      String customerId = platform.register("customer", email, new JsonObject());
      String token = platform.login(email, Platform.PASSWORD);
      assertThat(statuses(second, token).values()).containsOnly(200);

      setStatus(platform, customerId, "suspended");
      Map<String, Integer> refused = until(second, token, 403);
      assertThat(refused.values()).containsOnly(403);
      HttpResponse<Buffer> problem = await(second.get(ROUTES.get(0), token));
      assertThat(problem.bodyAsJsonObject().getString("detail")).contains("suspended");

      setStatus(platform, customerId, "active");
      assertThat(until(second, token, 200).values()).containsOnly(200);

      String stranger =
          platform
              .node
              .auth
              .keys()
              .sign(
                  new JsonObject()
                      .put("sub", "nobody-" + UUID.randomUUID())
                      .put("roles", new JsonArray().add("customer")));
      assertThat(statuses(second, stranger).values()).containsOnly(401);
    } finally {
      for (Vertx node : nodes) {
        await(node.close().otherwiseEmpty());
      }
    }
  }

  private static void setStatus(Platform platform, String accountId, String status)
      throws Exception {
    HttpResponse<Buffer> response =
        platform.call(
            HttpMethod.PUT,
            "/api/v1/iam/accounts/" + accountId + "/status",
            platform.adminToken,
            new JsonObject().put("status", status));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  private static Map<String, Integer> statuses(TestNode node, String token) throws Exception {
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String route : ROUTES) {
      statuses.put(route, await(node.get(route, token)).statusCode());
    }
    return statuses;
  }

  /** Polls every route until all answer {@code status}, failing after the revocation bound. */
  private static Map<String, Integer> until(TestNode node, String token, int status)
      throws Exception {
    return Eventually.until(
        "every route answering " + status,
        REVOCATION_BOUND,
        () -> statuses(node, token),
        statuses -> statuses.values().stream().allMatch(code -> code == status));
  }
}
