package io.tourbook.availability.store;

import io.tourbook.availability.model.GeoPoint;
import io.tourbook.availability.model.PoolEntry;
import io.tourbook.availability.model.RealtorAccount;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All Redis access of the pool: a GEO set of the available realtors ({@code availability:geo}), a
 * hash per realtor ({@code availability:realtor:<id>}), the set of every realtor the pool knows and
 * a marker that the pool has been built since Redis last lost it. Every change goes through one of
 * {@link PoolScripts}, so each is atomic.
 */
public final class PoolStore {

  public static final String GEO_KEY = "availability:geo";
  public static final String REALTORS_KEY = "availability:realtors";
  public static final String BUILT_KEY = "availability:built";
  private static final String REALTOR_PREFIX = "availability:realtor:";
  private static final String[] FIELDS = {
    "status", "pool", "lat", "lon", "currentTour", "updatedAt"
  };

  private final Redis redis;
  private final RedisAPI api;
  private final Clock clock;
  private final Map<String, String> shas = new ConcurrentHashMap<>();

  public PoolStore(Redis redis, Clock clock) {
    this.redis = redis;
    this.api = RedisAPI.api(redis);
    this.clock = clock;
  }

  public static String realtorKey(String realtorId) {
    return REALTOR_PREFIX + realtorId;
  }

  /** Whether the pool was built since Redis last lost its data. */
  public Future<Boolean> isBuilt() {
    return api.exists(List.of(BUILT_KEY)).map(count -> count.toInteger() > 0);
  }

  public Future<Void> markBuilt() {
    return api.set(List.of(BUILT_KEY, now().toString())).mapEmpty();
  }

  /** Applies an account state; the outcome is the realtor's status, or ignored / stale. */
  public Future<String> applyAccount(RealtorAccount account) {
    GeoPoint at = account.location();
    return script(
            PoolScripts.APPLY_ACCOUNT,
            List.of(realtorKey(account.id()), GEO_KEY, REALTORS_KEY),
            List.of(
                account.id(),
                flag(account.realtor()),
                flag(account.inPool()),
                at == null ? "" : Double.toString(at.lat()),
                at == null ? "" : Double.toString(at.lon()),
                Long.toString(account.stateAt()),
                now().toString()))
        .map(Response::toString);
  }

  /** True when the realtor is now booked for the tour (see {@link PoolScripts#CLAIM}). */
  public Future<Boolean> claim(String realtorId, String tourId) {
    Instant now = now();
    return script(
            PoolScripts.CLAIM,
            List.of(realtorKey(realtorId), GEO_KEY, BUILT_KEY),
            List.of(realtorId, tourId, now.toString(), Long.toString(now.toEpochMilli())))
        .map(result -> result.toInteger() == 1);
  }

  /** True when it ended the realtor's booking for the tour. */
  public Future<Boolean> release(String realtorId, String tourId) {
    return script(
            PoolScripts.RELEASE,
            List.of(realtorKey(realtorId), GEO_KEY),
            List.of(realtorId, tourId, now().toString()))
        .map(result -> result.toInteger() == 1);
  }

  /** Books the realtor for an active assignment's tour: booked, or conflict. */
  public Future<String> book(String realtorId, String tourId) {
    Instant now = now();
    return script(
            PoolScripts.BOOK,
            List.of(realtorKey(realtorId), GEO_KEY, REALTORS_KEY),
            List.of(realtorId, tourId, now.toString(), Long.toString(now.toEpochMilli())))
        .map(Response::toString);
  }

  /**
   * Merges one realtor of a rebuild: the account state (not in the pool when {@code account} has
   * none) and the active assignment's tour (null: none); the outcome is the realtor's status.
   */
  public Future<String> rebuildRealtor(
      RealtorAccount account, String activeTour, long orphanBeforeMillis) {
    Instant now = now();
    GeoPoint at = account.location();
    return script(
            PoolScripts.REBUILD,
            List.of(realtorKey(account.id()), GEO_KEY, REALTORS_KEY),
            List.of(
                account.id(),
                flag(account.inPool()),
                at == null ? "" : Double.toString(at.lat()),
                at == null ? "" : Double.toString(at.lon()),
                Long.toString(account.stateAt()),
                activeTour == null ? "" : activeTour,
                Long.toString(orphanBeforeMillis),
                now.toString(),
                Long.toString(now.toEpochMilli())))
        .map(Response::toString);
  }

  /** Available realtors within the radius, nearest first: GEOSEARCH ... ASC WITHCOORD WITHDIST. */
  public Future<List<Nearby>> nearby(double lat, double lon, double radiusKm, int limit) {
    return api.geosearch(
            List.of(
                GEO_KEY,
                "FROMLONLAT",
                Double.toString(lon),
                Double.toString(lat),
                "BYRADIUS",
                Double.toString(radiusKm),
                "km",
                "ASC",
                "COUNT",
                Integer.toString(limit),
                "WITHCOORD",
                "WITHDIST"))
        .map(
            reply -> {
              List<Nearby> found = new ArrayList<>();
              for (Response item : reply) {
                Response coord = item.get(2);
                found.add(
                    new Nearby(
                        item.get(0).toString(),
                        item.get(1).toDouble(),
                        new GeoPoint(coord.get(1).toDouble(), coord.get(0).toDouble())));
              }
              return found;
            });
  }

  /** Every realtor the pool knows, as Redis holds them, in id order. */
  public Future<List<PoolEntry>> all() {
    return knownRealtors()
        .compose(
            ids -> {
              if (ids.isEmpty()) {
                return Future.succeededFuture(List.of());
              }
              List<String> ordered = List.copyOf(ids);
              List<Request> reads = new ArrayList<>();
              for (String id : ordered) {
                Request read = Request.cmd(Command.HMGET).arg(realtorKey(id));
                for (String field : FIELDS) {
                  read.arg(field);
                }
                reads.add(read);
              }
              return redis
                  .batch(reads)
                  .map(
                      replies -> {
                        List<PoolEntry> entries = new ArrayList<>();
                        for (int i = 0; i < ordered.size(); i++) {
                          PoolEntry entry = entry(ordered.get(i), replies.get(i));
                          if (entry != null) {
                            entries.add(entry);
                          }
                        }
                        return entries;
                      });
            });
  }

  public Future<Set<String>> knownRealtors() {
    return api.smembers(REALTORS_KEY)
        .map(
            members -> {
              Set<String> ids = new TreeSet<>();
              members.forEach(member -> ids.add(member.toString()));
              return ids;
            });
  }

  /** Loads the scripts into Redis' script cache, so calls send only their digests. */
  public Future<Void> loadScripts() {
    List<Future<?>> loads = new ArrayList<>();
    for (String script :
        List.of(
            PoolScripts.APPLY_ACCOUNT,
            PoolScripts.CLAIM,
            PoolScripts.RELEASE,
            PoolScripts.BOOK,
            PoolScripts.REBUILD)) {
      loads.add(
          api.script(List.of("LOAD", script)).onSuccess(sha -> shas.put(script, sha.toString())));
    }
    return Future.all(loads).mapEmpty();
  }

  /**
   * EVALSHA, or EVAL when Redis no longer has the script (a restart or SCRIPT FLUSH empties its
   * cache); EVAL caches it again.
   */
  private Future<Response> script(String script, List<String> keys, List<String> args) {
    List<String> tail = new ArrayList<>(keys.size() + args.size() + 1);
    tail.add(Integer.toString(keys.size()));
    tail.addAll(keys);
    tail.addAll(args);
    String sha = shas.get(script);
    if (sha == null) {
      return eval(script, tail);
    }
    List<String> call = new ArrayList<>(tail.size() + 1);
    call.add(sha);
    call.addAll(tail);
    return api.evalsha(call)
        .recover(
            failure ->
                String.valueOf(failure.getMessage()).startsWith("NOSCRIPT")
                    ? eval(script, tail)
                    : Future.failedFuture(failure));
  }

  private Future<Response> eval(String script, List<String> tail) {
    List<String> call = new ArrayList<>(tail.size() + 1);
    call.add(script);
    call.addAll(tail);
    return api.eval(call);
  }

  private static PoolEntry entry(String realtorId, Response fields) {
    String status = text(fields.get(0));
    if (status == null) {
      return null;
    }
    String lat = text(fields.get(2));
    String lon = text(fields.get(3));
    GeoPoint location =
        lat == null || lon == null
            ? null
            : new GeoPoint(Double.parseDouble(lat), Double.parseDouble(lon));
    return new PoolEntry(
        realtorId,
        status,
        "1".equals(text(fields.get(1))),
        location,
        text(fields.get(4)),
        text(fields.get(5)));
  }

  private static String text(Response value) {
    return value == null ? null : value.toString();
  }

  private static String flag(boolean value) {
    return value ? "1" : "0";
  }

  private Instant now() {
    return clock.instant();
  }

  /** A realtor found by {@link #nearby}, with the distance and position Redis reports. */
  public record Nearby(String realtorId, double distanceKm, GeoPoint location) {}
}
