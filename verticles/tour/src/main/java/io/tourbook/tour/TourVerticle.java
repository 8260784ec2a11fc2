package io.tourbook.tour;

import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.contracts.listing.ListingService;
import io.tourbook.platform.NodeContext;
import io.tourbook.tour.events.AssignmentEvents;
import io.tourbook.tour.events.PaymentEvents;
import io.tourbook.tour.events.ScheduleEvents;
import io.tourbook.tour.http.TourRoutes;
import io.tourbook.tour.impl.WaitingTimeout;
import io.tourbook.tour.model.ItineraryPlanner;
import io.tourbook.tour.store.TourStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tour service: creates tours from succeeded payments, follows them through assignment and
 * scheduling, cancels for the platform those that waited too long for a realtor, and serves the
 * customers', realtors', providers' and admins' tour routes (asking listing.service who owns a
 * listing that no tour names yet).
 */
public final class TourVerticle extends VerticleBase {

  /** The consumer group of this service's subscriptions. */
  private static final String GROUP = "tour";

  private static final Logger LOG = LoggerFactory.getLogger(TourVerticle.class);

  private final NodeContext node;
  private final Clock clock;
  private MongoClient mongo;
  private long timeoutTimer = -1;

  public TourVerticle(NodeContext node) {
    this.node = node;
    this.clock = node.clock();
  }

  @Override
  public Future<?> start() {
    JsonObject config = node.config();
    JsonObject settings = config.getJsonObject("tour", new JsonObject());
    mongo = node.mongo("tour");
    TourStore store = new TourStore(mongo);
    ItineraryPlanner planner =
        new ItineraryPlanner(settings.getInteger("itinerary-two-opt-max-stops", 10));
    PaymentEvents payments = new PaymentEvents(store, planner, clock);
    AssignmentEvents assignments = new AssignmentEvents(store, clock);
    ScheduleEvents schedules = new ScheduleEvents(store, clock);
    ListingService listings =
        ListingService.createProxy(vertx, settings.getLong("listing-timeout-ms", 5_000L));
    WaitingTimeout timeout =
        new WaitingTimeout(
            store,
            Duration.ofSeconds(
                config
                    .getJsonObject("assignment", new JsonObject())
                    .getLong("max-wait-seconds", 86_400L)),
            clock);
    // Each handler is idempotent by itself (an insert under the tour's unique id, transitions
    // guarded by the tour's state, assignment and schedule revision): no processed records.
    return store
        .createIndexes()
        .compose(
            v ->
                node.events()
                    .consumeIdempotent(
                        SubscriptionRegistry.get(Streams.PAYMENT_PAYMENTS, GROUP),
                        payments::handle))
        .compose(
            v ->
                node.events()
                    .consumeIdempotent(
                        SubscriptionRegistry.get(Streams.ASSIGNMENT_ASSIGNMENTS, GROUP),
                        assignments::handle))
        .compose(
            v ->
                node.events()
                    .consumeIdempotent(
                        SubscriptionRegistry.get(Streams.SCHEDULING_SCHEDULES, GROUP),
                        schedules::handle))
        .onSuccess(
            v -> {
              node.routes()
                  .register(
                      "tour",
                      TourRoutes.MOUNT,
                      new TourRoutes(store, listings, clock, config, node.pages())
                          .table(node.auth()));
              timeoutTimer =
                  vertx.setPeriodic(
                      settings.getLong("waiting-scan-ms", 60_000L),
                      id ->
                          timeout
                              .scan()
                              .onFailure(
                                  failure ->
                                      LOG.warn(
                                          "Cancelling tours that waited too long failed",
                                          failure)));
            });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timeoutTimer);
    return mongo == null ? Future.succeededFuture() : mongo.close();
  }
}
