package io.tourbook.assignment;

import static io.tourbook.platform.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tourbook.platform.auth.Roles;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** A node running assignment over a fake availability.service, and blocking helpers. */
final class AssignmentNode {

  final TestNode node;
  final FakeAvailability availability;
  final TourWrites tours;
  private final String admin;

  private AssignmentNode(TestNode node, FakeAvailability availability, TourWrites tours) {
    this.node = node;
    this.availability = availability;
    this.tours = tours;
    this.admin = node.token("admin-1", Roles.ADMIN);
  }

  /**
   * Fresh data; no safety-net timer unless the test sets one, so that what retries a waiting tour
   * is the trigger under test.
   */
  static JsonObject freshConfig() {
    return TestNode.freshConfig(
        config ->
            config
                .getJsonObject("assignment")
                .put("retry-interval-ms", 0)
                .put("retry-delay-ms", 50));
  }

  static AssignmentNode start(Vertx vertx, JsonObject config) throws Exception {
    FakeAvailability availability = new FakeAvailability();
    await(vertx.deployVerticle(availability));
    TestNode node = await(TestNode.start(vertx, config, List.of(new AssignmentModule())));
    return new AssignmentNode(node, availability, new TourWrites(vertx, config));
  }

  void stop(Vertx vertx) throws Exception {
    await(node.stop());
    await(vertx.undeploy(availability.deploymentID()));
  }

  /** GET /api/v1/assignments with the query, as admin: the items. */
  List<JsonObject> assignments(String query) {
    return items("/api/v1/assignments/?size=100" + query);
  }

  List<JsonObject> active() {
    return assignments("&status=active");
  }

  /** GET /api/v1/assignments/waiting: waiting tours, oldest first. */
  List<JsonObject> waiting() {
    return items("/api/v1/assignments/waiting?size=100");
  }

  List<String> waitingTours() {
    return waiting().stream().map(entry -> entry.getString("tourId")).toList();
  }

  private List<JsonObject> items(String path) {
    HttpResponse<Buffer> response = unchecked(node.get(path, admin));
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .toList();
  }

  static <T> T unchecked(Future<T> future) {
    try {
      return await(future);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
