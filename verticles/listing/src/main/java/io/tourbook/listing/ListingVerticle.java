package io.tourbook.listing;

import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.contracts.listing.ListingService;
import io.tourbook.listing.events.ProviderEvents;
import io.tourbook.listing.http.ListingRoutes;
import io.tourbook.listing.impl.ListingCommands;
import io.tourbook.listing.impl.ListingQueries;
import io.tourbook.listing.impl.ListingServiceImpl;
import io.tourbook.listing.model.ListingSettings;
import io.tourbook.listing.store.ListingStore;
import io.tourbook.listing.store.ProviderStore;
import io.tourbook.platform.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.serviceproxy.ServiceBinder;

/**
 * The listing service's entry point: its MongoDB database {@code listing}, the {@code
 * listing.service} proxy, the provider events from iam, and the routes under {@code
 * /api/v1/listings}.
 */
public final class ListingVerticle extends VerticleBase {

  /** The consumer group of this service's subscriptions. */
  private static final String GROUP = "listing";

  private static final String DATABASE = "listing";

  private final NodeContext node;
  private MongoClient mongo;
  private MessageConsumer<JsonObject> serviceConsumer;

  public ListingVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    ListingSettings settings = ListingSettings.from(node.config());
    mongo = node.mongo(DATABASE);
    ListingStore listings = new ListingStore(mongo);
    ProviderStore providers = new ProviderStore(mongo);
    return listings
        .createIndexes()
        .compose(
            indexed -> {
              serviceConsumer =
                  new ServiceBinder(vertx)
                      .setAddress(ListingService.ADDRESS)
                      .register(
                          ListingService.class,
                          new ListingServiceImpl(listings, settings.maxIds()));
              return serviceConsumer.completion();
            })
        .compose(
            bound ->
                node.events()
                    .consume(
                        SubscriptionRegistry.get(Streams.IAM_ACCOUNTS, GROUP),
                        new ProviderEvents(providers, listings, node.clock())::handle))
        .onSuccess(
            consuming ->
                node.routes()
                    .register(
                        "listing",
                        ListingRoutes.MOUNT,
                        new ListingRoutes(
                                new ListingCommands(listings, providers, node.clock()),
                                new ListingQueries(listings, settings.maxCandidates()),
                                settings,
                                node.pages())
                            .table(node.auth())));
  }

  @Override
  public Future<?> stop() {
    Future<Void> unbound =
        serviceConsumer == null ? Future.succeededFuture() : serviceConsumer.unregister();
    return unbound.eventually(() -> mongo == null ? Future.succeededFuture() : mongo.close());
  }
}
