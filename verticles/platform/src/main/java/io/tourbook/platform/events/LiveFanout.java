package io.tourbook.platform.events;

import io.tourbook.contracts.events.StreamId;
import io.tourbook.contracts.events.SubscriptionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * The best-effort live fan-out of one stream: the node holding the stream's cluster-wide lock
 * publishes each event to {@code events.<stream>} from its reader, from now, without a checkpoint;
 * the others wait to take over.
 */
final class LiveFanout implements ChangeSink {

  private static final long LOCK_WAIT_MS = 100;

  private final Vertx vertx;
  private final StreamId stream;
  private final StreamReader reader;
  private final long retryMs;
  private Lock lock;
  private long timer = -1;
  private boolean stopped;

  LiveFanout(Vertx vertx, StreamId stream, StreamReader reader, long retryMs) {
    this.vertx = vertx;
    this.stream = stream;
    this.reader = reader;
    this.retryMs = retryMs;
  }

  void start() {
    vertx
        .sharedData()
        .getLockWithTimeout("tourbook.live." + stream.name(), LOCK_WAIT_MS)
        .compose(
            acquired -> {
              if (stopped) {
                acquired.release();
                return Future.succeededFuture();
              }
              lock = acquired;
              return reader.attach(this);
            })
        .onFailure(busy -> timer = vertx.setTimer(retryMs, t -> start()));
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    if (lock == null) {
      return Future.succeededFuture();
    }
    return reader
        .detach(this)
        .eventually(
            () -> {
              lock.release();
              return Future.succeededFuture();
            });
  }

  @Override
  public BsonTimestamp resumeTime() {
    return null;
  }

  @Override
  public BsonDocument resumeToken() {
    return null;
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public void offer(StreamChange change) {
    if (change.event() != null) {
      vertx.eventBus().publish(SubscriptionRegistry.liveAddress(stream), change.event().toJson());
    }
  }

  @Override
  public boolean hasRoom() {
    return true;
  }

  @Override
  public void failed(Throwable cause) {
    // A live sink reads from now: the stream's history is never its concern.
  }
}
