package io.tourbook.bridge.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tourbook.bridge.BridgeSettings.BatchSettings;
import io.tourbook.contracts.events.EventEnvelope;
import io.tourbook.platform.health.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events to one AWS destination in batches, and completes each event's future only once AWS
 * accepted its entry: the bridge acks an event to its subscription on that completion, so nothing
 * is acked before AWS has it. Entries AWS refuses for a transient reason, and whole calls that
 * fail, are retried with backoff and jitter; an entry that still fails after {@code max-attempts},
 * or that AWS refuses for good, fails its event, whose subscription then retries it and finally
 * parks it in dead letters. Runs on the context that created it.
 *
 * @param <E> the request entry type of the destination's batch call
 */
public abstract class BatchingSink<E> {

  private static final Logger LOG = LoggerFactory.getLogger(BatchingSink.class);

  private final Vertx vertx;
  private final Context context;
  private final BatchSettings settings;
  private final String destination;
  private final Deque<Pending<E>> ready = new ArrayDeque<>();

  /** Entries waiting out their backoff, by timer. */
  private final Map<Long, Pending<E>> backingOff = new HashMap<>();

  private final Counter forwarded;
  private final Counter failed;
  private final Counter retried;
  private final DistributionSummary batchSizes;
  private final Timer lag;
  private long lingerTimer = -1;
  private int callsInFlight;
  private long nextEntryId;
  private int waiting;
  private boolean closed;

  /** What AWS said about one entry of a batch call. */
  public sealed interface Outcome {
    record Accepted() implements Outcome {}

    /** Refused for a reason that may pass: throttling, an internal error. */
    record Retry(String reason) implements Outcome {}

    /** Refused for good: the entry itself is wrong. */
    record Rejected(String reason) implements Outcome {}
  }

  /** An event's entry waiting to be accepted. */
  protected record Pending<E>(
      EventEnvelope event, E entry, int sizeBytes, Promise<Void> accepted, int attempts) {

    Pending<E> retried() {
      return new Pending<>(event, entry, sizeBytes, accepted, attempts + 1);
    }
  }

  protected BatchingSink(Vertx vertx, String sink, String destination, BatchSettings settings) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.destination = destination;
    String[] tags = {"sink", sink, "destination", destination};
    forwarded =
        Metrics.counter("tourbook.bridge.forwarded", "Events the destination accepted", tags);
    failed =
        Metrics.counter(
            "tourbook.bridge.failed",
            "Events the bridge gave up on for this delivery (the subscription retries them)",
            tags);
    retried =
        Metrics.counter(
            "tourbook.bridge.retried", "Entries sent again after a refusal or a failed call", tags);
    MeterRegistry registry = Metrics.registry();
    batchSizes =
        DistributionSummary.builder("tourbook.bridge.batch.size")
            .description("Entries per call to the destination")
            .tags(tags)
            .register(registry);
    lag =
        Timer.builder("tourbook.bridge.lag")
            .description("From an event's time to AWS accepting it")
            .tags(tags)
            .publishPercentileHistogram()
            .register(registry);
    Metrics.gauge(
        "tourbook.bridge.pending",
        "Events handed to the sink and not yet accepted or given up",
        this,
        sinkSelf -> sinkSelf.waiting,
        tags);
  }

  /** The destination's name: a queue or a bus. */
  public String destination() {
    return destination;
  }

  /** Completes once AWS accepted the event; fails once it gave up on it. */
  public Future<Void> send(EventEnvelope event) {
    if (closed) {
      return Future.failedFuture("the bridge's " + destination + " sink is stopping");
    }
    E entry = entry(event, "e" + nextEntryId++);
    int size = sizeOf(entry);
    if (size > maxBatchBytes()) {
      failed.increment();
      return Future.failedFuture(
          "event "
              + event.id()
              + " is "
              + size
              + " bytes, over the "
              + maxBatchBytes()
              + " bytes "
              + destination
              + " accepts");
    }
    Promise<Void> accepted = Promise.promise();
    waiting++;
    enqueue(new Pending<>(event, entry, size, accepted, 1));
    return accepted.future();
  }

  /** Stops batching; events not yet accepted fail, and their subscription redelivers them. */
  public void close() {
    closed = true;
    backingOff.keySet().forEach(vertx::cancelTimer);
    vertx.cancelTimer(lingerTimer);
    backingOff.values().forEach(ready::add);
    backingOff.clear();
    while (!ready.isEmpty()) {
      ready.poll().accepted().tryFail("the bridge's " + destination + " sink stopped");
    }
  }

  /** The wire entry for an event, with an id unique within any batch it joins. */
  protected abstract E entry(EventEnvelope event, String entryId);

  /** The bytes an entry counts for against {@link #maxBatchBytes()}. */
  protected abstract int sizeOf(E entry);

  /** The most bytes one call may carry. */
  protected abstract int maxBatchBytes();

  /**
   * Sends one batch; the future holds one outcome per entry, in order. A failed future means the
   * whole call failed, and every entry is retried.
   */
  protected abstract Future<List<Outcome>> sendBatch(List<E> entries);

  /** A text's size as AWS counts it. */
  protected static int utf8(String value) {
    return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
  }

  /** An AWS SDK call's result, completed back on this sink's context. */
  protected <T> Future<T> onContext(CompletionStage<T> call) {
    return Future.fromCompletionStage(call, context);
  }

  private void enqueue(Pending<E> pending) {
    if (closed) {
      pending.accepted().tryFail("the bridge's " + destination + " sink stopped");
      return;
    }
    ready.add(pending);
    flush(false);
  }

  /**
   * Sends full batches, or with {@code all} everything ready, while fewer than {@code
   * max-calls-in-flight} calls are out; a remainder lingers. Capping the calls lets batches fill
   * while earlier calls are out, so that a busy sink makes few full calls instead of many small
   * ones.
   */
  private void flush(boolean all) {
    while (callsInFlight < settings.maxCallsInFlight()
        && (ready.size() >= settings.batchSize() || (all && !ready.isEmpty()))) {
      sendNextBatch();
    }
    if (!ready.isEmpty() && lingerTimer < 0 && callsInFlight < settings.maxCallsInFlight()) {
      lingerTimer =
          vertx.setTimer(
              Math.max(1, settings.lingerMs()),
              id -> {
                lingerTimer = -1;
                flush(true);
              });
    }
  }

  private void sendNextBatch() {
    List<Pending<E>> batch = nextBatch();
    batchSizes.record(batch.size());
    callsInFlight++;
    sendBatch(batch.stream().map(Pending::entry).toList())
        .onComplete(
            outcomes -> {
              callsInFlight--;
              if (outcomes.succeeded()) {
                settle(batch, outcomes.result());
              } else {
                String reason = String.valueOf(outcomes.cause().getMessage());
                batch.forEach(pending -> retry(pending, reason));
              }
              // Full batches go now; a partial one waits out the linger, as a new one does.
              flush(false);
            });
  }

  private List<Pending<E>> nextBatch() {
    List<Pending<E>> batch = new ArrayList<>(settings.batchSize());
    int bytes = 0;
    while (!ready.isEmpty()
        && batch.size() < settings.batchSize()
        && bytes + ready.peek().sizeBytes() <= maxBatchBytes()) {
      Pending<E> next = ready.poll();
      bytes += next.sizeBytes();
      batch.add(next);
    }
    return batch;
  }

  private void settle(List<Pending<E>> batch, List<Outcome> outcomes) {
    for (int i = 0; i < batch.size(); i++) {
      Pending<E> pending = batch.get(i);
      Outcome outcome =
          i < outcomes.size() ? outcomes.get(i) : new Outcome.Retry("no result for the entry");
      if (outcome instanceof Outcome.Accepted) {
        waiting--;
        forwarded.increment();
        lag.record(Duration.between(pending.event().time(), Instant.now()));
        pending.accepted().tryComplete();
      } else if (outcome instanceof Outcome.Retry retry) {
        retry(pending, retry.reason());
      } else if (outcome instanceof Outcome.Rejected rejected) {
        giveUp(pending, "refused: " + rejected.reason());
      }
    }
  }

  private void retry(Pending<E> pending, String reason) {
    if (pending.attempts() >= settings.maxAttempts()) {
      giveUp(pending, "failed " + pending.attempts() + " times, last: " + reason);
      return;
    }
    retried.increment();
    backingOff.put(
        vertx.setTimer(
            settings.backoff().delayMs(pending.attempts()),
            id -> enqueue(backingOff.remove(id).retried())),
        pending);
  }

  private void giveUp(Pending<E> pending, String reason) {
    waiting--;
    failed.increment();
    LOG.warn("{}: event {} {}", destination, pending.event().id(), reason);
    pending.accepted().tryFail(destination + " " + reason);
  }
}
