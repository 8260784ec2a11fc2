package io.tourbook.app;

import static io.tourbook.platform.testsupport.Eventually.await;

import io.tourbook.assignment.AssignmentModule;
import io.tourbook.platform.cluster.NodeVertx;
import io.tourbook.platform.testsupport.Eventually;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A node crash in a cluster")
class ClusterCrashTest {

  @Test
  @DisplayName(
      "Stopping the node whose assignment dispatcher is active, mid-run, still schedules every tour exactly once")
  void assignmentNodeStopsMidRun() throws Exception {
    MovableClock clock = new MovableClock();
    JsonObject cluster =
        new JsonObject()
            .put("name", "crash-" + UUID.randomUUID())
            .put("host", "127.0.0.1")
            .put(
                "members",
                new JsonArray()
                    .add("127.0.0.1:16701")
                    .add("127.0.0.1:16702")
                    .add("127.0.0.1:16703"))
            .put("port", 16701);
    JsonObject clusterConfig = new JsonObject().put("cluster", cluster);
    List<Vertx> nodes = new ArrayList<>();
    try {
      Vertx front = await(NodeVertx.create(clusterConfig, true));
      nodes.add(front);
      Platform platform =
          Platform.start(
              front, ContentionTest::configure, ContentionTest.services(clock, "assignment"));
      List<TestNode> assigners = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Vertx node = await(NodeVertx.create(clusterConfig, true));
        nodes.add(node);
        assigners.add(
            await(TestNode.start(node, platform.node.config, List.of(new AssignmentModule()))));
      }
      int[] stopped = {-1};
      ContentionTest.run(
          platform,
          () -> {
            stopped[0] = activeAssigner(assigners);
            await(nodes.get(stopped[0] + 1).close());
          },
          () -> assigners.get(stopped[0] == 0 ? 1 : 0));
    } finally {
      for (Vertx node : nodes) {
        await(node.close().otherwiseEmpty());
      }
    }
  }

  /** The index of the assignment node whose dispatcher reads the tour events. */
  private static int activeAssigner(List<TestNode> assigners) throws Exception {
    return Eventually.until(
        "an active assignment dispatcher",
        Platform.DEADLINE,
        () -> {
          for (int i = 0; i < assigners.size(); i++) {
            for (Object status : await(assigners.get(i).node.events().subscriptions())) {
              JsonObject json = (JsonObject) status;
              JsonObject local = json.getJsonObject("local");
              if (json.getString("subscription").equals("tour.tours.assignment")
                  && local != null
                  && "ACTIVE".equals(local.getString("state"))) {
                return i;
              }
            }
          }
          return null;
        },
        active -> true);
  }
}
