package io.tourbook.availability.store;

import io.tourbook.availability.model.Booking;
import io.tourbook.availability.model.PoolEntry;
import io.tourbook.availability.model.RealtorAccount;
import io.tourbook.availability.model.RealtorCalendar;
import io.tourbook.availability.model.Span;
import io.tourbook.contracts.GeoPoint;
import io.tourbook.contracts.Times;
import io.tourbook.platform.calendar.CalendarRules;
import io.tourbook.platform.calendar.WeeklyHours;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All Redis access of the pool: a GEO set of the on-duty realtors ({@code availability:geo}), per
 * realtor a hash and a calendar ({@code availability:realtor:<id>} and its {@code :hours}, {@code
 * :blocked}, {@code :bookings}, {@code :tours} and {@code :released} keys, see {@link
 * PoolScripts}), the set of every realtor the pool knows and a marker that the pool has been built
 * since Redis last lost it. Every change goes through one of {@link PoolScripts}, so each is
 * atomic.
 */
public final class PoolStore {

  public static final String GEO_KEY = "availability:geo";
  public static final String REALTORS_KEY = "availability:realtors";
  public static final String BUILT_KEY = "availability:built";
  private static final String REALTOR_PREFIX = "availability:realtor:";
  private static final String[] FIELDS = {"status", "pool", "lat", "lon", "timeZone", "updatedAt"};

  private final Redis redis;
  private final RedisAPI api;
  private final Clock clock;
  private final CalendarRules rules;
  private final Map<String, String> shas = new ConcurrentHashMap<>();

  public PoolStore(Redis redis, Clock clock, CalendarRules rules) {
    this.redis = redis;
    this.api = RedisAPI.api(redis);
    this.clock = clock;
    this.rules = rules;
  }

  public static String realtorKey(String realtorId) {
    return REALTOR_PREFIX + realtorId;
  }

  private static String hoursKey(String realtorId) {
    return realtorKey(realtorId) + ":hours";
  }

  private static String blockedKey(String realtorId) {
    return realtorKey(realtorId) + ":blocked";
  }

  private static String bookingsKey(String realtorId) {
    return realtorKey(realtorId) + ":bookings";
  }

  private static String toursKey(String realtorId) {
    return realtorKey(realtorId) + ":tours";
  }

  private static String releasedKey(String realtorId) {
    return realtorKey(realtorId) + ":released";
  }

  public CalendarRules rules() {
    return rules;
  }

  /** Whether the pool was built since Redis last lost its data. */
  public Future<Boolean> isBuilt() {
    return api.exists(List.of(BUILT_KEY)).map(count -> count.toInteger() > 0);
  }

  public Future<Void> markBuilt() {
    return api.set(List.of(BUILT_KEY, Times.format(now()))).mapEmpty();
  }

  /** Applies an account state; the outcome is the realtor's status, or ignored / stale. */
  public Future<String> applyAccount(RealtorAccount account) {
    String id = account.id();
    List<String> args = new ArrayList<>();
    args.add(Times.format(now()));
    args.add(flag(account.realtor()));
    args.addAll(accountBlock(account));
    return script(
            PoolScripts.APPLY_ACCOUNT,
            List.of(realtorKey(id), GEO_KEY, REALTORS_KEY, hoursKey(id), blockedKey(id)),
            args)
        .map(Response::toString);
  }

  /**
   * Books the interval of {@code booking} for the realtor (see {@link PoolScripts#CLAIM}): booked,
   * or why not (unbuilt, off-duty, lead-time, hours, blocked, taken).
   */
  public Future<String> claim(String realtorId, Booking booking) {
    Instant now = now();
    String[] value = booking.value().split(":", -1);
    return script(
            PoolScripts.CLAIM,
            List.of(
                realtorKey(realtorId),
                hoursKey(realtorId),
                blockedKey(realtorId),
                bookingsKey(realtorId),
                toursKey(realtorId),
                releasedKey(realtorId),
                BUILT_KEY),
            List.of(
                booking.tourId(),
                value[0],
                value[1],
                value[2],
                value[3],
                value[4],
                value[5],
                Long.toString(now.plus(rules.leadTime()).toEpochMilli()),
                Double.toString(rules.travelKmh()),
                Long.toString(rules.minTravelBuffer().toMillis()),
                Long.toString(now.toEpochMilli())))
        .map(Response::toString);
  }

  /** True when it ended the realtor's booking for the tour. */
  public Future<Boolean> release(String realtorId, String tourId) {
    return script(
            PoolScripts.RELEASE,
            List.of(bookingsKey(realtorId), toursKey(realtorId), releasedKey(realtorId)),
            List.of(tourId))
        .map(result -> result.toInteger() == 1);
  }

  /** Books an active assignment's interval: booked, released or conflict. */
  public Future<String> book(String realtorId, Booking booking) {
    return script(
            PoolScripts.BOOK,
            List.of(
                bookingsKey(realtorId), toursKey(realtorId), releasedKey(realtorId), REALTORS_KEY),
            List.of(
                realtorId,
                booking.tourId(),
                booking.value(),
                Long.toString(booking.start()),
                Long.toString(booking.end())))
        .map(Response::toString);
  }

  /**
   * Merges one realtor of a rebuild: the account state (not on duty when {@code account} has none)
   * and the bookings of their active assignments; the outcome is the realtor's status.
   */
  public Future<String> rebuildRealtor(
      RealtorAccount account, List<Booking> active, long orphanBeforeMillis) {
    String id = account.id();
    List<String> args = new ArrayList<>();
    args.add(Times.format(now()));
    args.add(Long.toString(orphanBeforeMillis));
    args.addAll(accountBlock(account));
    args.add(Integer.toString(active.size()));
    for (Booking booking : active) {
      args.add(booking.tourId());
      args.add(booking.value());
    }
    return script(
            PoolScripts.REBUILD,
            List.of(
                realtorKey(id),
                GEO_KEY,
                REALTORS_KEY,
                hoursKey(id),
                blockedKey(id),
                bookingsKey(id),
                toursKey(id),
                releasedKey(id)),
            args)
        .map(Response::toString);
  }

  /**
   * The account block the scripts read: id, inPool, lat, lon, stateAt, timeZone, the working
   * intervals from a day ago to the horizon, and the blocked times that have not ended a day ago.
   */
  private List<String> accountBlock(RealtorAccount account) {
    GeoPoint at = account.location();
    Instant now = now();
    Instant from = now.minus(Duration.ofDays(1));
    List<String> block = new ArrayList<>();
    block.add(account.id());
    block.add(flag(account.inPool()));
    block.add(at == null ? "" : Double.toString(at.lat()));
    block.add(at == null ? "" : Double.toString(at.lon()));
    block.add(Long.toString(account.stateAt()));
    block.add(account.hours().zone().getId());
    List<WeeklyHours.Interval> shifts = account.hours().between(from, now.plus(rules.horizon()));
    block.add(Integer.toString(shifts.size()));
    shifts.forEach(
        shift ->
            block.add(new Span(shift.start().toEpochMilli(), shift.end().toEpochMilli()).member()));
    List<Span> blocked =
        account.blocked().stream().filter(span -> span.end() > from.toEpochMilli()).toList();
    block.add(Integer.toString(blocked.size()));
    blocked.forEach(span -> block.add(span.member()));
    return block;
  }

  /**
   * The calendars of these realtors for placing a tour in {@code [from, to)} (see {@link
   * PoolScripts#CALENDARS}), in one round trip.
   */
  public Future<Map<String, RealtorCalendar>> calendars(
      List<String> realtorIds, long from, long to) {
    if (realtorIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> keys = new ArrayList<>(4 * realtorIds.size());
    for (String id : realtorIds) {
      keys.addAll(List.of(hoursKey(id), blockedKey(id), bookingsKey(id), toursKey(id)));
    }
    return script(PoolScripts.CALENDARS, keys, List.of(Long.toString(from), Long.toString(to)))
        .map(
            replies -> {
              Map<String, RealtorCalendar> calendars = new HashMap<>();
              for (int i = 0; i < realtorIds.size(); i++) {
                Response calendar = replies.get(i);
                Response pairs = calendar.get(2);
                List<Booking> bookings = new ArrayList<>(pairs.size() / 2);
                for (int j = 0; j + 1 < pairs.size(); j += 2) {
                  bookings.add(Booking.parse(pairs.get(j).toString(), pairs.get(j + 1).toString()));
                }
                calendars.put(
                    realtorIds.get(i),
                    new RealtorCalendar(spans(calendar.get(0)), spans(calendar.get(1)), bookings));
              }
              return calendars;
            });
  }

  private static List<Span> spans(Response members) {
    List<Span> spans = new ArrayList<>();
    if (members != null) {
      members.forEach(member -> spans.add(Span.parse(member.toString())));
    }
    return spans;
  }

  private static List<Booking> bookings(Response tours) {
    List<Booking> bookings = new ArrayList<>();
    if (tours != null) {
      for (String tourId : tours.getKeys()) {
        bookings.add(Booking.parse(tourId, tours.get(tourId).toString()));
      }
    }
    return bookings;
  }

  /** On-duty realtors within the radius, nearest first: GEOSEARCH ... ASC WITHCOORD WITHDIST. */
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
                reads.add(Request.cmd(Command.HGETALL).arg(toursKey(id)));
              }
              long now = now().toEpochMilli();
              return redis
                  .batch(reads)
                  .map(
                      replies -> {
                        List<PoolEntry> entries = new ArrayList<>();
                        for (int i = 0; i < ordered.size(); i++) {
                          PoolEntry entry =
                              entry(
                                  ordered.get(i),
                                  replies.get(2 * i),
                                  bookings(replies.get(2 * i + 1)),
                                  now);
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

  /**
   * A realtor as admins see them: unavailable when off duty, booked while one of their tours is
   * going on, available otherwise; with the bookings that have not ended.
   */
  private static PoolEntry entry(
      String realtorId, Response fields, List<Booking> bookings, long now) {
    if (text(fields.get(0)) == null) {
      return null;
    }
    boolean onDuty = "1".equals(text(fields.get(1)));
    List<Booking> upcoming = new RealtorCalendar(List.of(), List.of(), bookings).upcoming(now);
    String status =
        !onDuty
            ? PoolEntry.UNAVAILABLE
            : upcoming.stream().anyMatch(booking -> booking.start() <= now)
                ? PoolEntry.BOOKED
                : PoolEntry.AVAILABLE;
    String lat = text(fields.get(2));
    String lon = text(fields.get(3));
    GeoPoint location =
        lat == null || lon == null
            ? null
            : new GeoPoint(Double.parseDouble(lat), Double.parseDouble(lon));
    return new PoolEntry(
        realtorId, status, onDuty, location, text(fields.get(4)), upcoming, text(fields.get(5)));
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
