package io.tourbook.availability.impl;

import io.tourbook.availability.AvailabilitySettings;
import io.tourbook.availability.model.Booking;
import io.tourbook.availability.model.PoolEntry;
import io.tourbook.availability.model.RealtorAccount;
import io.tourbook.availability.store.PoolStore;
import io.tourbook.availability.store.StateSources;
import io.tourbook.platform.calendar.WeeklyHours;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the pool from iam's realtor accounts and assignment's active assignments, merged into
 * what Redis holds so that nothing newer is lost (see the REBUILD script): a rebuild can run while
 * claims and events go on. Claims fail until the first rebuild after Redis lost its data has
 * finished, so a half-built pool never books anyone.
 */
public final class PoolRebuild {

  private static final Logger LOG = LoggerFactory.getLogger(PoolRebuild.class);
  private static final int BATCH = 64;

  private final PoolStore store;
  private final StateSources sources;
  private final AvailabilitySettings settings;
  private final Clock clock;
  private final AtomicReference<Future<JsonObject>> running = new AtomicReference<>();

  public PoolRebuild(
      PoolStore store, StateSources sources, AvailabilitySettings settings, Clock clock) {
    this.store = store;
    this.sources = sources;
    this.settings = settings;
    this.clock = clock;
  }

  /** Rebuilds, or joins the rebuild this node is already running. */
  public Future<JsonObject> rebuild() {
    Promise<JsonObject> mine = Promise.promise();
    Future<JsonObject> current = running.compareAndExchange(null, mine.future());
    if (current != null) {
      return current;
    }
    run()
        .onComplete(
            outcome -> {
              running.set(null);
              mine.handle(outcome);
            });
    return mine.future();
  }

  /** Completes when no rebuild of this node is running (at once if none is). */
  public Future<Void> idle() {
    Future<JsonObject> current = running.get();
    return current == null ? Future.succeededFuture() : current.<Void>mapEmpty().otherwiseEmpty();
  }

  /** Rebuilds when Redis has no built pool (a fresh or restarted Redis, or a flush). */
  public Future<Void> ensureBuilt() {
    return store
        .isBuilt()
        .compose(
            built ->
                built
                    ? Future.succeededFuture()
                    : rebuild()
                        .onSuccess(
                            counts ->
                                LOG.info(
                                    "Redis held no realtor pool; rebuilt it: {}", counts.encode()))
                        .mapEmpty());
  }

  private Future<JsonObject> run() {
    Instant start = clock.instant();
    long orphanBefore = start.toEpochMilli() - settings.claimGraceMs();
    WeeklyHours defaults = store.rules().defaultHours();
    Future<Map<String, List<Booking>>> activeTours = sources.activeBookings();
    Future<List<RealtorAccount>> accounts = sources.realtors(start, defaults);
    Future<Set<String>> known = store.knownRealtors();
    return Future.all(activeTours, accounts, known)
        .compose(
            loaded -> {
              Map<String, RealtorAccount> realtors = new LinkedHashMap<>();
              accounts.result().forEach(account -> realtors.put(account.id(), account));
              // Known to Redis or booked, but without an account: gone from iam, never in the pool.
              for (String id : known.result()) {
                realtors.putIfAbsent(id, RealtorAccount.absent(id, defaults, start));
              }
              for (String id : activeTours.result().keySet()) {
                realtors.putIfAbsent(id, RealtorAccount.absent(id, defaults, start));
              }
              return merge(new ArrayList<>(realtors.values()), activeTours.result(), orphanBefore);
            })
        .compose(counts -> store.markBuilt().map(counts))
        .onSuccess(counts -> LOG.debug("Rebuilt the realtor pool: {}", counts.encode()));
  }

  private Future<JsonObject> merge(
      List<RealtorAccount> realtors, Map<String, List<Booking>> activeTours, long orphanBefore) {
    Map<String, Integer> statuses = new ConcurrentHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < realtors.size(); from += BATCH) {
      List<RealtorAccount> batch = realtors.subList(from, Math.min(from + BATCH, realtors.size()));
      chain =
          chain.compose(
              v ->
                  Future.all(
                          batch.stream()
                              .map(
                                  realtor ->
                                      store
                                          .rebuildRealtor(
                                              realtor,
                                              activeTours.getOrDefault(realtor.id(), List.of()),
                                              orphanBefore)
                                          .onSuccess(
                                              status -> statuses.merge(status, 1, Integer::sum)))
                              .toList())
                      .mapEmpty());
    }
    return chain.map(
        v ->
            new JsonObject()
                .put("realtors", realtors.size())
                .put("available", statuses.getOrDefault(PoolEntry.AVAILABLE, 0))
                .put("unavailable", statuses.getOrDefault(PoolEntry.UNAVAILABLE, 0)));
  }
}
