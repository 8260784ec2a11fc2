package io.tourbook.embedded;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Holds each reply of one connection until what the server has written is on disk, as MongoDB's
 * journaled write concern does: an acknowledged write survives a kill -9, and nothing a client
 * reads (a change-stream event included) can be undone by one. Replies keep their order; one behind
 * a held reply waits too. When the commit fails the connection is closed, so the client never takes
 * an unsaved write for done.
 */
final class CommitBeforeReplyHandler extends ChannelDuplexHandler {

  private final GroupCommit commits;

  // Touched only on the channel's event loop.
  private final Deque<HeldReply> held = new ArrayDeque<>();

  CommitBeforeReplyHandler(GroupCommit commits) {
    this.commits = commits;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    commits.runCommand(() -> ctx.fireChannelRead(msg));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (held.isEmpty() && commits.durable()) {
      ctx.write(msg, promise);
      return;
    }
    HeldReply reply = new HeldReply(msg, promise);
    held.addLast(reply);
    commits.afterNextCommit(failure -> ctx.executor().execute(() -> release(ctx, reply, failure)));
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    // A held reply is flushed when it is released.
    if (held.isEmpty()) {
      ctx.flush();
    }
  }

  private void release(ChannelHandlerContext ctx, HeldReply reply, Throwable failure) {
    if (failure != null) {
      held.forEach(waiting -> waiting.fail(failure));
      held.clear();
      ctx.close();
      return;
    }
    reply.committed = true;
    while (!held.isEmpty() && held.peekFirst().committed) {
      HeldReply next = held.removeFirst();
      ctx.write(next.message, next.promise);
    }
    ctx.flush();
  }

  private static final class HeldReply {
    final Object message;
    final ChannelPromise promise;
    boolean committed;

    HeldReply(Object message, ChannelPromise promise) {
      this.message = message;
      this.promise = promise;
    }

    void fail(Throwable failure) {
      ReferenceCountUtil.release(message);
      promise.tryFailure(failure);
    }
  }
}
