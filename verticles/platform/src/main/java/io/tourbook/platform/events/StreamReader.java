package io.tourbook.platform.events;

import com.mongodb.MongoException;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.reactivestreams.client.ChangeStreamPublisher;
import io.tourbook.contracts.events.StreamId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's one reader of one stream (DESIGN §3): a single change stream on the collection, decoded
 * once, fanned out to every {@link ChangeSink} on the node (the partitions of each group it
 * dispatches, and the live fan-out). It reads from the oldest position a sink needs and goes back
 * when a sink joins behind it; each sink skips what it already has. It reads no further while a
 * sink is full, so a slow group holds the reader back instead of filling the heap.
 */
final class StreamReader extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);
  private static final Set<Integer> HISTORY_LOST_CODES = Set.of(136, 260, 280, 286);
  private static final int BATCH = 256;

  private final StreamId stream;
  private final EventStore sharedStore;
  private final DispatcherSettings settings;
  private final Map<ChangeSink, Position> sinks = new LinkedHashMap<>();

  private EventStore store;
  private Subscription upstream;
  private long generation;
  private boolean opening;
  private boolean reopenScheduled;
  private int failures;
  private int outstanding;

  /** Where the open stream is: its start, then the last change read; null before an open. */
  private Position cursor;

  /** False while a stream opened from now has read nothing: its start is not a known position. */
  private boolean cursorKnown;

  StreamReader(StreamId stream, EventStore store, DispatcherSettings settings) {
    this.stream = stream;
    this.sharedStore = store;
    this.settings = settings;
  }

  /** A position in the stream; a null time lies before every change. */
  private static final class Position {
    BsonTimestamp time;
    BsonDocument token;

    Position(BsonTimestamp time, BsonDocument token) {
      this.time = time;
      this.token = token;
    }

    boolean isBefore(Position other) {
      return StreamChange.compare(time, token, other.time, other.token) < 0;
    }
  }

  @Override
  public Future<?> start() {
    store = sharedStore.on(context);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    close();
    sinks.clear();
    return Future.succeededFuture();
  }

  /** Starts handing the sink the changes after its position. */
  Future<Void> attach(ChangeSink sink) {
    return onContext(
        () -> {
          Position from =
              sink.live()
                  ? new Position(nowTime(), null)
                  : new Position(sink.resumeTime(), sink.resumeToken());
          sinks.put(sink, from);
          if (opening || reopenScheduled) {
            return;
          }
          if (cursor == null || (!sink.live() && (!cursorKnown || from.isBefore(cursor)))) {
            open();
          }
        });
  }

  /** Stops handing the sink changes; the stream closes when no sink is left. */
  Future<Void> detach(ChangeSink sink) {
    return onContext(
        () -> {
          sinks.remove(sink);
          if (sinks.isEmpty()) {
            close();
          }
        });
  }

  /** A sink that was full has room again. */
  void wake() {
    context.runOnContext(v -> requestMore());
  }

  private Future<Void> onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          action.run();
          done.complete();
        });
    return done.future();
  }

  private void close() {
    generation++;
    cursor = null;
    if (upstream != null) {
      upstream.cancel();
      upstream = null;
    }
  }

  /** (Re)opens the stream from the oldest position a durable sink needs, or from now. */
  private void open() {
    close();
    long openGeneration = generation;
    if (sinks.keySet().stream().allMatch(ChangeSink::live)) {
      if (!sinks.isEmpty()) {
        subscribe(store.watch(stream), openGeneration, new Position(nowTime(), null));
        cursorKnown = false;
      }
      return;
    }
    opening = true;
    store
        .oplogStart()
        .onComplete(
            started -> {
              opening = false;
              if (openGeneration != generation) {
                return;
              }
              if (started.failed()) {
                streamFailed(started.cause(), openGeneration);
                return;
              }
              openFrom(started.result(), openGeneration);
            });
  }

  private void openFrom(BsonTimestamp oplogStart, long openGeneration) {
    failSinksBehind(oplogStart);
    Position from = null;
    for (Map.Entry<ChangeSink, Position> entry : sinks.entrySet()) {
      Position position = entry.getValue();
      if (!entry.getKey().live() && (from == null || position.isBefore(from))) {
        from = position;
      }
    }
    if (from == null) {
      open();
      return;
    }
    ChangeStreamPublisher<Document> publisher = store.watch(stream);
    if (from.token != null) {
      publisher = publisher.resumeAfter(from.token);
    } else if (oplogStart != null) {
      publisher = publisher.startAtOperationTime(oplogStart);
    } else {
      LOG.warn(
          "The oplog cannot be read: {} is read from now for groups without a checkpoint", stream);
    }
    subscribe(publisher, openGeneration, new Position(from.time, from.token));
  }

  /** Sinks whose position the oplog no longer holds fail loudly rather than skip events. */
  private void failSinksBehind(BsonTimestamp oplogStart) {
    if (oplogStart == null) {
      return;
    }
    List<ChangeSink> lost = new ArrayList<>();
    sinks.forEach(
        (sink, position) -> {
          if (!sink.live() && position.time != null && position.time.compareTo(oplogStart) < 0) {
            lost.add(sink);
          }
        });
    for (ChangeSink sink : lost) {
      Position position = sinks.remove(sink);
      sink.failed(
          new ResumePointLostException(
              "Checkpoint at "
                  + position.time
                  + " of stream "
                  + stream
                  + " is older than the oplog, which starts at "
                  + oplogStart
                  + ": the events after it are gone",
              null));
    }
  }

  private void subscribe(
      ChangeStreamPublisher<Document> publisher, long openGeneration, Position start) {
    cursor = start;
    cursorKnown = true;
    publisher.subscribe(
        new Subscriber<ChangeStreamDocument<Document>>() {
          @Override
          public void onSubscribe(Subscription subscription) {
            context.runOnContext(
                v -> {
                  if (openGeneration != generation) {
                    subscription.cancel();
                    return;
                  }
                  upstream = subscription;
                  outstanding = 0;
                  requestMore();
                });
          }

          @Override
          public void onNext(ChangeStreamDocument<Document> change) {
            context.runOnContext(
                v -> {
                  if (openGeneration == generation) {
                    onChange(change);
                  }
                });
          }

          @Override
          public void onError(Throwable cause) {
            context.runOnContext(v -> streamFailed(cause, openGeneration));
          }

          @Override
          public void onComplete() {
            context.runOnContext(
                v ->
                    streamFailed(
                        new IllegalStateException("change stream closed by the server"),
                        openGeneration));
          }
        });
  }

  private void onChange(ChangeStreamDocument<Document> document) {
    outstanding--;
    failures = 0;
    StreamChange change =
        new StreamChange(
            document.getResumeToken(),
            document.getClusterTime(),
            ChangeEvents.toEnvelope(stream, document).orElse(null),
            Instant.now());
    cursor = new Position(change.clusterTime(), change.token());
    cursorKnown = true;
    sinks.forEach(
        (sink, position) -> {
          if (change.isAfter(position.time, position.token)) {
            position.time = change.clusterTime();
            position.token = change.token();
            sink.offer(change);
          }
        });
    requestMore();
  }

  /** Asks for the next batch once half the last one has arrived and every sink has room. */
  private void requestMore() {
    if (upstream == null || outstanding > BATCH / 2) {
      return;
    }
    for (ChangeSink sink : sinks.keySet()) {
      if (!sink.hasRoom()) {
        return;
      }
    }
    upstream.request(BATCH - outstanding);
    outstanding = BATCH;
  }

  private void streamFailed(Throwable cause, long failedGeneration) {
    if (failedGeneration != generation) {
      return;
    }
    close();
    if (isHistoryLost(cause)) {
      LOG.error(
          "Stream {} cannot be read from its groups' checkpoints; they stop rather than skip"
              + " events. Restore the oplog or reset the checkpoints deliberately. Cause: {}",
          stream,
          cause.getMessage());
      List<ChangeSink> durable = sinks.keySet().stream().filter(sink -> !sink.live()).toList();
      durable.forEach(sinks::remove);
      durable.forEach(sink -> sink.failed(cause));
    }
    long delay = settings.backoff(++failures);
    LOG.warn(
        "Change stream of {} failed ({}); reopening in {} ms", stream, cause.toString(), delay);
    reopenScheduled = true;
    vertx.setTimer(
        delay,
        t -> {
          reopenScheduled = false;
          if (!sinks.isEmpty() && cursor == null && !opening) {
            open();
          }
        });
  }

  static boolean isHistoryLost(Throwable cause) {
    return cause instanceof ResumePointLostException
        || (cause instanceof MongoException mongo && HISTORY_LOST_CODES.contains(mongo.getCode()));
  }

  private static BsonTimestamp nowTime() {
    return new BsonTimestamp((int) Instant.now().getEpochSecond(), 0);
  }
}
