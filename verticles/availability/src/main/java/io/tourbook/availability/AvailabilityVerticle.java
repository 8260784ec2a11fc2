package io.tourbook.availability;

import io.tourbook.availability.events.AccountEvents;
import io.tourbook.availability.events.AssignmentEvents;
import io.tourbook.availability.http.AvailabilityRoutes;
import io.tourbook.availability.impl.AvailabilityServiceImpl;
import io.tourbook.availability.impl.PoolRebuild;
import io.tourbook.availability.store.PoolStore;
import io.tourbook.availability.store.StateSources;
import io.tourbook.contracts.availability.AvailabilityService;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.platform.NodeContext;
import io.tourbook.platform.calendar.CalendarRules;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.serviceproxy.ServiceBinder;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the availability service: the Redis pool, availability.service, the iam and
 * assignment events that feed the pool, the admin routes, and a periodic reconciliation.
 */
public final class AvailabilityVerticle extends VerticleBase {

  /** The consumer group of this service's subscriptions. */
  private static final String GROUP = "availability";

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityVerticle.class);

  private final NodeContext node;
  private Redis redis;
  private StateSources sources;
  private ServiceBinder binder;
  private MessageConsumer<JsonObject> serviceConsumer;
  private long reconcileTimer = -1;
  private PoolRebuild rebuild;

  public AvailabilityVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    JsonObject config = node.config();
    AvailabilitySettings settings = AvailabilitySettings.from(config);
    Clock clock = node.clock();
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(config.getJsonObject("redis").getString("url"))
                .setMaxPoolSize(settings.redisMaxPoolSize())
                .setMaxPoolWaiting(settings.redisMaxWaiting()));
    sources = StateSources.create(node);
    PoolStore store = new PoolStore(redis, clock, CalendarRules.from(config));
    rebuild = new PoolRebuild(store, sources, settings, clock);
    AvailabilityServiceImpl service = new AvailabilityServiceImpl(store, rebuild, settings, clock);
    AccountEvents accountEvents = new AccountEvents(store);
    AssignmentEvents assignmentEvents = new AssignmentEvents(store);
    return store
        .loadScripts()
        .compose(v -> settings.rebuildOnStart() ? rebuild.ensureBuilt() : Future.succeededFuture())
        .compose(
            v -> {
              binder = new ServiceBinder(vertx).setAddress(AvailabilityService.ADDRESS);
              serviceConsumer = binder.register(AvailabilityService.class, service);
              return serviceConsumer.completion();
            })
        .compose(
            v ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.IAM_ACCOUNTS, GROUP),
                        accountEvents::handle))
        .compose(
            v ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.ASSIGNMENT_ASSIGNMENTS, GROUP),
                        assignmentEvents::handle))
        .onSuccess(
            v -> {
              node.routes()
                  .register(
                      "availability",
                      "availability",
                      new AvailabilityRoutes(service, node.pages()).table(node.auth()));
              if (settings.reconcileIntervalMs() > 0) {
                reconcileTimer =
                    vertx.setPeriodic(
                        settings.reconcileIntervalMs(),
                        id ->
                            rebuild
                                .rebuild()
                                .onFailure(
                                    failure ->
                                        LOG.warn("Reconciling the realtor pool failed", failure)));
              }
            });
  }

  @Override
  public Future<?> stop() {
    if (reconcileTimer >= 0) {
      vertx.cancelTimer(reconcileTimer);
    }
    if (serviceConsumer != null) {
      binder.unregister(serviceConsumer);
    }
    return rebuild.idle().eventually(() -> sources.close()).eventually(() -> redis.close());
  }
}
