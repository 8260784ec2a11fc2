package io.tourbook.platform.events;

import io.tourbook.platform.cluster.NodeVertx;
import io.tourbook.platform.testsupport.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A clustered node in its own JVM that dispatches one test group with {@link OrderedEffects}, for
 * {@link PartitionHandoverTest} to kill. Arguments: the config as JSON, the group, the node's name,
 * and the count of applied events after which it halts the JVM in the middle of handling one (0:
 * never), as a crash between an effect and its processed record.
 */
public final class HandoverNode {

  private HandoverNode() {}

  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject(args[0]);
    String group = args[1];
    String name = args[2];
    int haltAfter = Integer.parseInt(args[3]);
    Vertx vertx = Eventually.await(NodeVertx.create(config, true));
    DurableEvents events =
        Eventually.await(DurableEvents.create(vertx, config, HealthChecks.create(vertx)));
    OrderedEffects effects = new OrderedEffects(vertx, config, name);
    AtomicInteger applied = new AtomicInteger();
    EventHandler handler =
        event ->
            effects
                .apply(event)
                .compose(
                    v -> {
                      if (applied.incrementAndGet() == haltAfter) {
                        Runtime.getRuntime().halt(137);
                      }
                      return Future.succeededFuture();
                    });
    Eventually.await(
        vertx.deployVerticle(
            new EventFixtures.GroupVerticle(
                events, EventFixtures.listingSubscription(group), handler)));
    System.out.println("dispatching " + group);
  }
}
