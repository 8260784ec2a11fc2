package io.tourbook.assignment.impl;

import io.tourbook.assignment.AssignmentSettings;
import io.tourbook.assignment.model.Tour;
import io.tourbook.assignment.store.AssignmentStore;
import io.tourbook.platform.health.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries waiting tours, oldest first, whenever a realtor may have become available: a release on
 * this node, a release or an availability change seen in events, and a timer as a safety net.
 *
 * <p>Passes and releases run one at a time on this node, in one lane: a release waits for the
 * current step of a running pass, which then stops; the pass that follows starts again from the
 * oldest tour. So a realtor freed here goes to the oldest waiting tour that it can serve, not to
 * whichever tour a running pass had reached. Triggers while a pass is queued share it. Passes on
 * other nodes may overlap with this one: claims are atomic and a tour has at most one active
 * assignment, so that is safe, only not strictly ordered across nodes.
 *
 * <p>All state lives on the verticle's context; call from it.
 */
public final class WaitingRetry {

  private static final Logger LOG = LoggerFactory.getLogger(WaitingRetry.class);

  private final Vertx vertx;
  private final Context context;
  private final AssignmentStore store;
  private final Assigner assigner;
  private final AssignmentSettings settings;
  private final Clock clock;
  private final AtomicLong waitingTours = new AtomicLong();
  private Future<Void> lane = Future.succeededFuture();
  private boolean passQueued;
  private int releasesQueued;
  private boolean stopped;
  private long periodicTimer = -1;
  private long delayedTimer = -1;

  public WaitingRetry(
      Vertx vertx,
      Context context,
      AssignmentStore store,
      Assigner assigner,
      AssignmentSettings settings,
      Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.store = store;
    this.assigner = assigner;
    this.settings = settings;
    this.clock = clock;
  }

  /** Starts the safety-net timer ({@code assignment.retry-interval-ms}; 0 turns it off). */
  public void start() {
    Metrics.gauge(
        "tourbook.tours.waiting",
        "Tours waiting for a realtor, as of this node's last retry pass (the same figure on every"
            + " node: aggregate with max)",
        waitingTours,
        AtomicLong::get);
    if (settings.retryIntervalMs() > 0) {
      periodicTimer = vertx.setPeriodic(settings.retryIntervalMs(), id -> kick());
    }
  }

  /** Stops the timers and new passes; completes when the lane's current task has ended. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(periodicTimer);
    vertx.cancelTimer(delayedTimer);
    return lane;
  }

  /**
   * Runs {@code release} in the lane, between passes; then, if it freed a realtor, a pass. The
   * result is the release's.
   */
  public Future<Boolean> release(Supplier<Future<Boolean>> release) {
    releasesQueued++;
    return inLane(
            () -> {
              releasesQueued--;
              return release.get();
            })
        .onSuccess(
            freed -> {
              if (freed) {
                kick();
              }
            });
  }

  /** Queues a pass, unless one is already queued and not started. */
  public void kick() {
    context.runOnContext(
        v -> {
          if (stopped || passQueued) {
            return;
          }
          passQueued = true;
          inLane(
              () -> {
                passQueued = false;
                return pass();
              });
        });
  }

  /**
   * Queues a pass after {@code assignment.retry-delay-ms}: for triggers seen in events, which the
   * pool may not have applied yet. Triggers within the delay share one pass.
   */
  public void kickLater() {
    context.runOnContext(
        v -> {
          if (stopped || delayedTimer >= 0) {
            return;
          }
          delayedTimer =
              vertx.setTimer(
                  settings.retryDelayMs(),
                  id -> {
                    delayedTimer = -1;
                    kick();
                  });
        });
  }

  private <T> Future<T> inLane(Supplier<Future<T>> task) {
    Promise<T> done = Promise.promise();
    lane =
        lane.transform(
            previous -> {
              Future<T> run;
              try {
                run = task.get();
              } catch (RuntimeException failure) {
                run = Future.failedFuture(failure);
              }
              run.onComplete(done);
              return run.transform(outcome -> Future.<Void>succeededFuture());
            });
    return done.future();
  }

  private Future<Void> pass() {
    if (stopped) {
      return Future.succeededFuture();
    }
    return store
        .purgeClosed(clock.instant().minusMillis(settings.closedRetentionMs()))
        .compose(v -> store.waitingOldestFirst(0, settings.retryBatchSize()))
        .compose(waiting -> retryInOrder(waiting, 0))
        .compose(v -> store.countWaiting())
        .onSuccess(waitingTours::set)
        .<Void>mapEmpty()
        .onFailure(failure -> LOG.warn("Retrying waiting tours failed", failure))
        .recover(failure -> Future.succeededFuture());
  }

  /**
   * Retries one tour after the other; stops for a queued release, and queues the next pass. A tour
   * availability calls invalid is skipped; any other failure (availability or the store down) ends
   * the pass, which the next trigger or the timer repeats.
   */
  private Future<Void> retryInOrder(List<JsonObject> waiting, int index) {
    if (stopped || index >= waiting.size()) {
      return Future.succeededFuture();
    }
    if (releasesQueued > 0) {
      kick();
      return Future.succeededFuture();
    }
    Tour tour = Tour.fromWaiting(waiting.get(index));
    Future<?> step =
        tour.location() == null
            ? Future.succeededFuture()
            : assigner
                .assign(tour)
                .recover(
                    failure -> {
                      if (!Assigner.isInvalid(failure)) {
                        return Future.failedFuture(failure);
                      }
                      LOG.warn(
                          "Waiting tour {} cannot be assigned: {}",
                          tour.id(),
                          failure.getMessage());
                      return Future.succeededFuture();
                    });
    return step.compose(outcome -> retryInOrder(waiting, index + 1));
  }
}
