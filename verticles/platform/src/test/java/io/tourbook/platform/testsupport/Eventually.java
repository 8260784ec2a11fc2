package io.tourbook.platform.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way tests wait: for a future's result, or for a condition polled until a deadline. A test
 * that waits for an event of a stream uses {@link EventProbe#await} instead; none sleeps a fixed
 * time.
 */
public final class Eventually {

  /** How long a condition may take to hold unless a test says otherwise. */
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);
  private static final long FIRST_POLL_MILLIS = 10;
  private static final long MAX_POLL_MILLIS = 100;

  private Eventually() {}

  /** The future's result, from the test thread; fails after 60 s. */
  public static <T> T await(Future<T> future) throws Exception {
    return future
        .toCompletionStage()
        .toCompletableFuture()
        .get(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Polls until {@code condition} holds, failing the test after {@link #DEADLINE}. */
  public static void until(String what, Callable<Boolean> condition) throws Exception {
    until(what, DEADLINE, condition);
  }

  /** Polls until {@code condition} holds, failing the test after {@code deadline}. */
  public static void until(String what, Duration deadline, Callable<Boolean> condition)
      throws Exception {
    until(what, deadline, condition, Boolean::booleanValue);
  }

  /** Polls {@code probe} until its value is {@code done}, and returns that value. */
  public static <T> T until(String what, Callable<T> probe, Predicate<? super T> done)
      throws Exception {
    return until(what, DEADLINE, probe, done);
  }

  /**
   * Polls {@code probe} until its value is {@code done}, and returns that value; fails the test
   * after {@code deadline}, saying what it saw last. A null value is never done. The probe runs on
   * the test thread, first at once, then at intervals growing to 100 ms; what it throws fails the
   * test.
   */
  public static <T> T until(
      String what, Duration deadline, Callable<T> probe, Predicate<? super T> done)
      throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    long pause = FIRST_POLL_MILLIS;
    T last = probe.call();
    while (last == null || !done.test(last)) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(
            "Timed out after " + deadline + " waiting for " + what + "; last seen: " + last);
      }
      TimeUnit.MILLISECONDS.sleep(pause);
      pause = Math.min(pause * 2, MAX_POLL_MILLIS);
      last = probe.call();
    }
    return last;
  }

  /**
   * Polls {@code probe} on Vert.x timers until its value is {@code done}: a future of that value,
   * failed after {@code deadline} with what it saw last. For tests that stay asynchronous.
   */
  public static <T> Future<T> until(
      Vertx vertx,
      String what,
      Duration deadline,
      Supplier<Future<T>> probe,
      Predicate<? super T> done) {
    return poll(
        vertx,
        what,
        deadline,
        System.nanoTime() + deadline.toNanos(),
        FIRST_POLL_MILLIS,
        probe,
        done);
  }

  private static <T> Future<T> poll(
      Vertx vertx,
      String what,
      Duration deadline,
      long end,
      long pause,
      Supplier<Future<T>> probe,
      Predicate<? super T> done) {
    return probe
        .get()
        .compose(
            value -> {
              if (value != null && done.test(value)) {
                return Future.succeededFuture(value);
              }
              if (System.nanoTime() - end > 0) {
                return Future.failedFuture(
                    new AssertionError(
                        "Timed out after "
                            + deadline
                            + " waiting for "
                            + what
                            + "; last seen: "
                            + value));
              }
              return vertx
                  .timer(pause)
                  .compose(
                      fired ->
                          poll(
                              vertx,
                              what,
                              deadline,
                              end,
                              Math.min(pause * 2, MAX_POLL_MILLIS),
                              probe,
                              done));
            });
  }
}
