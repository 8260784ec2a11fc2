package io.tourbook.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each account may use its tokens, in the Redis hash {@value #KEY} (account id -> {@value
 * #ACTIVE} or {@value #SUSPENDED}; no entry: no such account). iam writes it before it answers a
 * registration or a status change, and reconciles it from its own events; every node reads it, so a
 * node without iam still refuses a suspended or unknown account. Reads are cached per node for
 * {@code jwt.account-state-cache-ms}, which bounds how long a change takes to reach every node.
 */
public final class AccountStates {

  public static final String KEY = "tourbook:accounts:state";
  public static final String ACTIVE = "active";
  public static final String SUSPENDED = "suspended";

  /**
   * What {@link #state} answers while the hash is not known to be complete: Redis lost its data (or
   * was never filled) and iam has not restored it yet.
   */
  public static final String INCOMPLETE = "incomplete";

  /**
   * The field iam sets once the hash holds every account; never an account id (those are UUIDs).
   */
  public static final String COMPLETE_FIELD = "*";

  /** Bounds the cache's memory; clearing it only costs one Redis read per active caller. */
  private static final int MAX_CACHED = 100_000;

  private record Cached(String state, long expiresAtNanos) {}

  /** Where a change is published, so that every node drops its cached state at once. */
  static final String CHANGED_ADDRESS = "tourbook.account-states.changed";

  private final Vertx vertx;
  private final Redis redis;
  private final RedisAPI api;
  private final long cacheNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final MessageConsumer<String> changes;

  private AccountStates(Vertx vertx, Redis redis, long cacheMillis) {
    this.vertx = vertx;
    this.redis = redis;
    this.api = RedisAPI.api(redis);
    this.cacheNanos = cacheMillis * 1_000_000;
    this.changes =
        vertx.eventBus().consumer(CHANGED_ADDRESS, message -> cache.remove(message.body()));
  }

  /** A client of {@code redis.url}, caching reads for {@code jwt.account-state-cache-ms}. */
  public static AccountStates create(Vertx vertx, JsonObject config) {
    Redis redis =
        Redis.createClient(
            vertx,
            new RedisOptions()
                .setConnectionString(config.getJsonObject("redis").getString("url"))
                .setMaxPoolSize(8)
                .setMaxPoolWaiting(2048));
    long cacheMillis =
        config.getJsonObject("jwt", new JsonObject()).getLong("account-state-cache-ms", 2000L);
    return new AccountStates(vertx, redis, cacheMillis);
  }

  /**
   * The account's state ({@link #ACTIVE}, {@link #SUSPENDED}), null when there is no such account,
   * or {@link #INCOMPLETE} when the hash is not known to hold every account (never cached).
   */
  public Future<String> state(String subject) {
    Cached cached = cache.get(subject);
    long now = System.nanoTime();
    if (cached != null && cached.expiresAtNanos - now > 0) {
      return Future.succeededFuture(cached.state);
    }
    return api.hmget(List.of(KEY, subject, COMPLETE_FIELD))
        .map(
            response -> {
              if (response.get(1) == null) {
                return INCOMPLETE;
              }
              String state = response.get(0) == null ? null : response.get(0).toString();
              if (cache.size() >= MAX_CACHED) {
                cache.clear();
              }
              cache.put(subject, new Cached(state, System.nanoTime() + cacheNanos));
              return state;
            });
  }

  /** Whether the hash is known to hold every account (iam marked it so after filling it). */
  public Future<Boolean> complete() {
    return api.hexists(KEY, COMPLETE_FIELD).map(Response::toBoolean);
  }

  /** Marks the hash as holding every account; iam calls this once it has filled it. */
  public Future<Void> markComplete() {
    return api.hset(List.of(KEY, COMPLETE_FIELD, "1")).mapEmpty();
  }

  /**
   * Records the account's state; iam calls this before it answers. This node sees it at once, the
   * others when the published change reaches them (or their cached entry expires, if it does not).
   */
  public Future<Void> set(String subject, String state) {
    return api.hset(List.of(KEY, subject, state)).map(written -> changed(subject));
  }

  /** Records the state unless one is recorded already (a backfill must not undo a newer change). */
  public Future<Boolean> setIfAbsent(String subject, String state) {
    return api.hsetnx(KEY, subject, state).map(Response::toBoolean);
  }

  /** Forgets the account: its tokens are refused as those of an unknown account. */
  public Future<Void> remove(String subject) {
    return api.hdel(List.of(KEY, subject)).map(removed -> changed(subject));
  }

  private Void changed(String subject) {
    cache.remove(subject);
    vertx.eventBus().publish(CHANGED_ADDRESS, subject);
    return null;
  }

  public Future<Void> close() {
    return changes.unregister().eventually(redis::close);
  }
}
