package io.tourbook.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives mongo-java-server's tailable (change-stream) cursors MongoDB's awaitData behaviour.
 *
 * <p>mongo-java-server answers a {@code getMore} on an idle change stream at once with an empty
 * batch, and the driver asks again at once: a busy loop of thousands of {@code getMore}s a second
 * per open change stream, each scanning the whole oplog. This handler sits in front of the server's
 * command handler on one connection. When a cursor's last {@code getMore} came back empty and no
 * command has run on the server since, its next {@code getMore} is held, without blocking the event
 * loop, until another command runs or the request's {@code maxTimeMS} (1 s by default, as in
 * MongoDB) passes.
 */
final class AwaitDataHandler extends ChannelDuplexHandler {

  private static final long DEFAULT_AWAIT_MILLIS = 1000;
  private static final long NO_CURSOR = 0;

  private final ChangeNotifier notifier;

  private long cursorInFlight = NO_CURSOR;
  private long versionInFlight;

  AwaitDataHandler(ChangeNotifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    long cursorId = getMoreCursor(msg);
    if (cursorId == NO_CURSOR) {
      killedCursors(msg).forEach(notifier::forget);
      ctx.fireChannelRead(msg);
      notifier.changed();
      return;
    }
    Long idleSince = notifier.idleSince(cursorId);
    if (idleSince != null) {
      hold(ctx, (MongoMessage) msg, cursorId, idleSince);
    } else {
      runGetMore(ctx, msg, cursorId);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (cursorInFlight != NO_CURSOR) {
      if (isEmptyBatchOfOpenCursor(msg)) {
        notifier.markIdle(cursorInFlight, versionInFlight);
      } else {
        notifier.forget(cursorInFlight);
      }
    }
    ctx.write(msg, promise);
  }

  private void hold(ChannelHandlerContext ctx, MongoMessage getMore, long cursorId, long seen) {
    AtomicBoolean resumed = new AtomicBoolean();
    Runnable resume =
        () -> {
          if (resumed.compareAndSet(false, true)) {
            ctx.executor().execute(() -> runGetMore(ctx, getMore, cursorId));
          }
        };
    if (!notifier.awaitChangeAfter(seen, resume)) {
      runGetMore(ctx, getMore, cursorId);
      return;
    }
    ctx.executor()
        .schedule(
            () -> {
              notifier.cancel(resume);
              resume.run();
            },
            awaitMillis(getMore.getDocument()),
            TimeUnit.MILLISECONDS);
  }

  private void runGetMore(ChannelHandlerContext ctx, Object getMore, long cursorId) {
    if (!ctx.channel().isActive()) {
      return;
    }
    cursorInFlight = cursorId;
    versionInFlight = notifier.version();
    try {
      ctx.fireChannelRead(getMore);
    } finally {
      cursorInFlight = NO_CURSOR;
    }
  }

  private static long getMoreCursor(Object msg) {
    if (msg instanceof MongoMessage message
        && message.getDocument().get("getMore") instanceof Number cursorId) {
      return cursorId.longValue();
    }
    return NO_CURSOR;
  }

  private static List<Long> killedCursors(Object msg) {
    if (msg instanceof MongoMessage message
        && message.getDocument().containsKey("killCursors")
        && message.getDocument().get("cursors") instanceof List<?> cursors) {
      return cursors.stream()
          .filter(Number.class::isInstance)
          .map(id -> ((Number) id).longValue())
          .toList();
    }
    return List.of();
  }

  private static boolean isEmptyBatchOfOpenCursor(Object reply) {
    return reply instanceof MongoMessage message
        && message.getDocument().get("cursor") instanceof Document cursor
        && cursor.get("nextBatch") instanceof List<?> batch
        && batch.isEmpty()
        && cursor.get("id") instanceof Number id
        && id.longValue() != NO_CURSOR;
  }

  private static long awaitMillis(Document getMore) {
    return getMore.get("maxTimeMS") instanceof Number millis && millis.longValue() > 0
        ? millis.longValue()
        : DEFAULT_AWAIT_MILLIS;
  }
}
