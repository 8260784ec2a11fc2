package io.tourbook.assignment;

import io.tourbook.assignment.events.RetryTriggers;
import io.tourbook.assignment.events.TourEvents;
import io.tourbook.assignment.http.AssignmentRoutes;
import io.tourbook.assignment.impl.Assigner;
import io.tourbook.assignment.impl.SlotPolicy;
import io.tourbook.assignment.impl.WaitingRetry;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.NodeContext;
import io.tourbook.platform.calendar.CalendarRules;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Entry point of the assignment service: its store, the tour events it assigns realtors on, the
 * retry of waiting tours with its triggers, and the admin routes.
 */
public final class AssignmentVerticle extends VerticleBase {

  /** The consumer group of this service's subscriptions. */
  private static final String GROUP = "assignment";

  private final NodeContext node;
  private MongoClient mongo;
  private WaitingRetry retry;

  public AssignmentVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    JsonObject config = node.config();
    AssignmentSettings settings = AssignmentSettings.from(config);
    Clock clock = node.clock();
    mongo = node.mongo("assignment");
    AssignmentStore store = new AssignmentStore(mongo, clock);
    AvailabilityService availability =
        AvailabilityService.createProxy(vertx, settings.serviceTimeoutMs());
    Assigner assigner =
        new Assigner(
            store, availability, settings, new SlotPolicy(CalendarRules.from(config)), clock);
    retry = new WaitingRetry(vertx, context, store, assigner, settings, clock);
    TourEvents tours =
        new TourEvents(assigner, store, retry, Duration.ofSeconds(settings.maxWaitSeconds()));
    RetryTriggers triggers = new RetryTriggers(retry, assigner);
    return store
        .createIndexes()
        .compose(
            v ->
                node.events()
                    .consume(SubscriptionRegistry.get(Streams.TOUR_TOURS, GROUP), tours::handle))
        .compose(
            v ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.IAM_ACCOUNTS, GROUP), triggers::onAccount))
        .compose(
            v ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.ASSIGNMENT_ASSIGNMENTS, GROUP),
                        triggers::onAssignment))
        .onSuccess(
            v -> {
              node.routes()
                  .register(
                      "assignment",
                      "assignments",
                      new AssignmentRoutes(store, node.pages()).table(node.auth()));
              retry.start();
              retry.kick();
            });
  }

  @Override
  public Future<?> stop() {
    return retry.stop().eventually(() -> mongo.close());
  }
}
