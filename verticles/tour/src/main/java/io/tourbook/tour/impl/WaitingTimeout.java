package io.tourbook.tour.impl;

import io.tourbook.tour.store.TourStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels, for the platform, the tours that have waited for a realtor longer than {@code
 * assignment.max-wait-seconds}: PENDING since their creation, requeue or reschedule request. Each
 * cancel is conditional on the tour still being in the state read, so a tour assigned meanwhile is
 * never cancelled, and several nodes scanning at once cancel it once.
 */
public final class WaitingTimeout {

  private static final Logger LOG = LoggerFactory.getLogger(WaitingTimeout.class);
  private static final int BATCH = 100;

  private final TourStore store;
  private final Duration maxWait;
  private final Clock clock;

  public WaitingTimeout(TourStore store, Duration maxWait, Clock clock) {
    this.store = store;
    this.maxWait = maxWait;
    this.clock = clock;
  }

  /** One scan: how many tours it cancelled. */
  public Future<Integer> scan() {
    Instant now = clock.instant();
    return store
        .waitingSince(now.minus(maxWait), BATCH)
        .compose(
            waiting -> {
              List<Future<Boolean>> cancels = new ArrayList<>();
              for (JsonObject tour : waiting) {
                cancels.add(
                    store.cancelForNoRealtor(
                        tour.getString("_id"),
                        tour.getJsonObject("lastChange").getString("at"),
                        now));
              }
              return Future.all(cancels)
                  .map(all -> (int) all.<Boolean>list().stream().filter(done -> done).count());
            })
        .onSuccess(
            cancelled -> {
              if (cancelled > 0) {
                LOG.info(
                    "Cancelled {} tours that waited for a realtor over {}", cancelled, maxWait);
              }
            });
  }
}
