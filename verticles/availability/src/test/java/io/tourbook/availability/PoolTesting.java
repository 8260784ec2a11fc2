package io.tourbook.availability;

import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.platform.events.EventFixtures;
import io.tourbook.platform.testsupport.TestBackingServices;
import io.tourbook.platform.testsupport.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What the pool's tests share: a node running availability, and blocking helpers. */
final class PoolTesting {

  static final Duration DEADLINE = Duration.ofSeconds(20);

  private PoolTesting() {}

  /** Fresh data, and a config without the periodic reconciliation (tests ask for rebuilds). */
  static JsonObject freshConfig() {
    TestBackingServices backing = TestBackingServices.get();
    backing.reset();
    JsonObject config = backing.config();
    config.getJsonObject("availability").put("reconcile-interval-ms", 0);
    return config;
  }

  static TestNode start(Vertx vertx, JsonObject config) throws Exception {
    return await(TestNode.start(vertx, config, List.of(new AvailabilityModule())));
  }

  static AvailabilityService proxy(Vertx vertx) {
    return AvailabilityService.createProxy(vertx, 10_000);
  }

  static <T> T await(Future<T> future) throws Exception {
    return EventFixtures.await(future);
  }

  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    EventFixtures.await(what, DEADLINE, condition);
  }

  /** Waits until the subscription has handled every change of its stream written so far. */
  static void drained(TestNode node, String subscriptionId) throws InterruptedException {
    eventually(
        subscriptionId + " drained",
        () ->
            unchecked(node.node.events().subscriptions()).stream()
                .map(JsonObject.class::cast)
                .filter(status -> subscriptionId.equals(status.getString("subscription")))
                .anyMatch(status -> Long.valueOf(0).equals(status.getLong("pendingChanges"))));
  }

  /** The realtor as the admin pool query shows it, if the pool knows them. */
  static Optional<JsonObject> entry(AvailabilityService pool, String realtorId) {
    JsonArray all = unchecked(pool.pool(Double.NaN, Double.NaN, Double.NaN, null));
    return all.stream()
        .map(JsonObject.class::cast)
        .filter(item -> realtorId.equals(item.getString("realtorId")))
        .findFirst();
  }

  static String status(AvailabilityService pool, String realtorId) {
    return entry(pool, realtorId).map(item -> item.getString("status")).orElse("unknown");
  }

  static List<String> availableNear(AvailabilityService pool, double lat, double lon) {
    return unchecked(pool.findAvailable(lat, lon, 50, 100)).stream()
        .map(JsonObject.class::cast)
        .map(item -> item.getString("realtorId"))
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
