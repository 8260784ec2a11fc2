package io.tourbook.platform.node;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.tourbook.platform.http.ApiErrors;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Sits in one HTTP/1.1 connection's Netty pipeline, between the request decoder and Vert.x, and
 * guards what Vert.x does not:
 *
 * <ul>
 *   <li>the header-read timeout: a connection must send a complete request head within {@code
 *       headerTimeoutMs} of opening and of each response's end, or it is closed (slowloris:
 *       Vert.x's idle timeout starts again at every byte, so a head sent one byte at a time never
 *       trips it);
 *   <li>a malformed body chunk (a chunk size of {@code -1} or {@code zz}): Vert.x fails the whole
 *       connection on it, reporting the request as failed twice and routing a 500 with its stack
 *       trace; here it is answered 400 and the connection closed, and Vert.x only sees the close.
 * </ul>
 *
 * All state is touched on the connection's event loop only.
 */
final class ConnectionGuard extends ChannelDuplexHandler {

  static final String NAME = "tourbookConnectionGuard";

  private static final byte[] MALFORMED_CHUNK =
      ("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
              + "\"detail\":\"The request body's chunked encoding is malformed.\"}")
          .getBytes(StandardCharsets.UTF_8);

  private final long headerTimeoutMs;
  private ScheduledFuture<?> headerDeadline;
  private long requestsSeen;
  private long responsesStarted;
  private long responsesEnded;

  ConnectionGuard(long headerTimeoutMs) {
    this.headerTimeoutMs = headerTimeoutMs;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    awaitHead(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelDeadline();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelDeadline();
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      requestsSeen++;
      cancelDeadline();
    } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
      ReferenceCountUtil.release(content);
      refuseMalformedBody(ctx);
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof HttpResponse response) {
      responsesStarted++;
      advertiseKeepAlive(response);
    }
    if (msg instanceof LastHttpContent) {
      responsesEnded++;
      if (responsesEnded == requestsSeen) {
        // Keep-alive: the next request head gets the same deadline as the first.
        awaitHead(ctx);
      }
    }
    super.write(ctx, msg, promise);
  }

  /**
   * Answers 400 when no part of a response to this or an earlier request is still owed or under
   * way; otherwise an answer would interleave with Vert.x's, so the connection is only closed.
   */
  private void refuseMalformedBody(ChannelHandlerContext ctx) {
    cancelDeadline();
    boolean nothingOwedBefore = responsesEnded == requestsSeen - 1;
    boolean nothingStarted = responsesStarted == responsesEnded;
    if (!(nothingOwedBefore && nothingStarted)) {
      ctx.close();
      return;
    }
    DefaultFullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.BAD_REQUEST,
            Unpooled.wrappedBuffer(MALFORMED_CHUNK));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, ApiErrors.PROBLEM_JSON)
        .set(HttpHeaderNames.CONTENT_LENGTH, MALFORMED_CHUNK.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    // Written from here, below Vert.x: it goes through the encoder but not through this handler.
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Tells the client to retire an idle kept-alive connection after half the header deadline, well
   * before the deadline closes it: a client (Vert.x's among them) keeps a connection for as long as
   * this says, and one told the deadline itself sent its next request into the close.
   */
  private void advertiseKeepAlive(HttpResponse response) {
    if (!response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
      response
          .headers()
          .set(HttpHeaderNames.KEEP_ALIVE, "timeout=" + Math.max(1, headerTimeoutMs / 2000));
    }
  }

  private void awaitHead(ChannelHandlerContext ctx) {
    cancelDeadline();
    headerDeadline =
        ctx.executor().schedule(() -> ctx.close(), headerTimeoutMs, TimeUnit.MILLISECONDS);
  }

  private void cancelDeadline() {
    if (headerDeadline != null) {
      headerDeadline.cancel(false);
      headerDeadline = null;
    }
  }
}
