package io.tourbook.iam;

import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.Streams;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.tourbook.iam.events.AccountStateEvents;
import io.tourbook.iam.events.ListingEvents;
import io.tourbook.iam.events.PaymentEvents;
import io.tourbook.iam.events.TourEvents;
import io.tourbook.iam.http.IamRoutes;
import io.tourbook.iam.http.TokenRoutes;
import io.tourbook.iam.impl.AccountService;
import io.tourbook.iam.impl.Sessions;
import io.tourbook.iam.store.AccountStore;
import io.tourbook.iam.store.RecordStore;
import io.tourbook.iam.store.RefreshTokenStore;
import io.tourbook.iam.throttle.LoginThrottle;
import io.tourbook.iam.throttle.RegistrationThrottle;
import io.tourbook.iam.throttle.ThrottleSettings;
import io.tourbook.platform.NodeContext;
import io.tourbook.platform.events.EventHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * iam's entry point: connects to its database and Redis, creates the indexes, bootstraps the first
 * admin, records the accounts' states for every node's token check, starts the subscriptions to its
 * own account events (repairing those states) and to listing, payment and tour events, and
 * registers the routes.
 */
public final class IamVerticle extends VerticleBase {

  /** The consumer group of this service's subscriptions. */
  private static final String GROUP = "iam";

  private static final Logger LOG = LoggerFactory.getLogger(IamVerticle.class);
  private static final String DATABASE = "iam";
  private static final String HASHING_POOL = "iam-password-hashing";

  /** Longer than any sane Argon2 cost on a loaded machine; only warns when exceeded. */
  private static final long MAX_HASHING_SECONDS = 10;

  private final NodeContext node;
  private MongoClient mongo;
  private Redis redis;
  private WorkerExecutor hashing;
  private long repairTimer = -1;
  private boolean repairing;

  public IamVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    JsonObject config = node.config();
    IamSettings settings;
    ThrottleSettings throttling;
    try {
      settings = IamSettings.from(config);
      throttling = ThrottleSettings.from(config);
    } catch (IllegalArgumentException invalid) {
      return Future.failedFuture(invalid);
    }
    LOG.info("Starting iam with {}", settings);
    mongo = node.mongo(DATABASE);
    // Sized for bursts of logins: a full waiting queue would turn a busy login into a 503.
    redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(config.getJsonObject("redis").getString("url"))
                .setMaxPoolSize(throttling.redisMaxPoolSize())
                .setMaxPoolWaiting(throttling.redisMaxWaiting()));
    hashing =
        vertx.createSharedWorkerExecutor(
            HASHING_POOL, settings.hashingThreads(), MAX_HASHING_SECONDS, TimeUnit.SECONDS);
    AccountStore accounts = new AccountStore(mongo);
    RecordStore records = new RecordStore(mongo);
    LoginThrottle logins = new LoginThrottle(RedisAPI.api(redis), throttling);
    RegistrationThrottle registrations = new RegistrationThrottle(RedisAPI.api(redis), throttling);
    RefreshTokenStore refreshTokens = new RefreshTokenStore(mongo);
    Sessions sessions =
        new Sessions(
            node.auth().keys(),
            node.auth().accountStates(),
            accounts,
            refreshTokens,
            config.getJsonObject("jwt").getLong("refresh-token-ttl-seconds", 1_209_600L),
            node.clock());
    return accounts
        .createIndexes()
        .compose(v -> records.createIndexes())
        .compose(v -> refreshTokens.createIndexes())
        .compose(
            v ->
                AccountService.create(
                    settings, accounts, records, logins, sessions, hashing, node.clock()))
        .compose(service -> service.bootstrapAdmin().map(service))
        .compose(
            service ->
                sessions
                    .backfillStates()
                    .recover(
                        failure -> {
                          // Redis may come up later: the periodic repair fills the states then.
                          LOG.warn("Could not restore the account states at start", failure);
                          return Future.succeededFuture();
                        })
                    .map(service))
        .compose(
            service ->
                consume(Streams.IAM_ACCOUNTS, new AccountStateEvents(accounts, sessions))
                    .compose(v -> consume(Streams.LISTING_LISTINGS, new ListingEvents(accounts)))
                    .compose(
                        v ->
                            consume(Streams.PAYMENT_PAYMENTS, new PaymentEvents(accounts, records)))
                    .compose(v -> consume(Streams.TOUR_TOURS, new TourEvents(accounts, records)))
                    .map(service))
        .map(
            service -> {
              repairTimer =
                  vertx.setPeriodic(
                      config.getJsonObject("jwt").getLong("account-state-repair-ms", 1000L),
                      id -> repairStates(sessions));
              node.routes()
                  .register(
                      "iam",
                      IamRoutes.MOUNT,
                      new TokenRoutes(sessions)
                          .addTo(
                              new IamRoutes(
                                      service,
                                      registrations,
                                      node.auth().keys(),
                                      settings,
                                      config,
                                      node.pages())
                                  .table(node.auth())));
              return null;
            });
  }

  /** Restores the account states when Redis lost them; one repair at a time. */
  private void repairStates(Sessions sessions) {
    if (repairing) {
      return;
    }
    repairing = true;
    sessions
        .repairStates()
        .onComplete(
            done -> {
              repairing = false;
              if (done.failed()) {
                LOG.warn("Could not check or restore the account states", done.cause());
              }
            });
  }

  private Future<Void> consume(StreamId stream, EventHandler handler) {
    return node.events().consume(SubscriptionRegistry.get(stream, GROUP), handler);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(repairTimer);
    if (redis != null) {
      redis.close();
    }
    Future<Void> hashingClosed = hashing == null ? Future.succeededFuture() : hashing.close();
    return hashingClosed.eventually(() -> mongo == null ? Future.succeededFuture() : mongo.close());
  }
}
