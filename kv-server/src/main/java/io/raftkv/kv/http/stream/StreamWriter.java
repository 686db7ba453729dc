package io.raftkv.kv.http.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one {@link StreamingResponse} on one channel: an HTTP/1.1 connection (chunked transfer coding) or
 * an HTTP/2 stream's child channel (HEADERS, then DATA frames, END_STREAM at the end). It sits in the
 * channel's pipeline, after the request handler, for the life of the stream, so it sees the two events
 * that drive it: {@code channelWritabilityChanged} (pull again) and {@code channelInactive} (the client
 * went away).
 *
 * <p>Owns the stream's {@link ChunkSource}: the only caller of its methods, and the one that closes it,
 * exactly once. Everything runs on the channel's event loop except {@link #abort} and the source's {@link
 * DataSignal}, which only schedule work there.
 *
 * <p>Back-pressure: a pull loop runs only while {@code channel.isWritable()}. On HTTP/1.1 that is the
 * connection's outbound buffer against its high-water mark. On HTTP/2 it is the child channel's own
 * pending bytes, which include DATA held back by the stream's flow-control window, so one stream whose
 * client grants no window stops only itself, while its neighbours on the connection keep going; the
 * connection's own writability is folded in by Netty (the remote flow controller writes no more than the
 * socket takes, and a child becomes writable again only when its parent is). So a stalled client costs
 * the node at most a high-water mark plus one chunk (plus the HTTP/2 window the client granted). A loop
 * also yields after {@link #MAX_CHUNKS_PER_TASK} chunks, so a fast source shares the event loop.
 *
 * <p>Idle streams: nothing times a stream out. The pipeline has no idle or read timeout, and the request
 * timeout of the request handler covers only the wait for the response head, so a watch that is quiet
 * for hours stays open until its source ends, the client leaves, or the server shuts down. (A source that
 * wants dead-peer detection sends its own heartbeat chunks.)
 *
 * <p>Invariant: once {@code ended} is set, the source is closed, the stream has left {@link OpenStreams},
 * this handler has left the pipeline and {@code onEnd} has been told; none of that happens twice and
 * nothing is pulled afterwards.
 */
public final class StreamWriter extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);

  /** Chunks written per event-loop task before the loop yields to other channels. */
  static final int MAX_CHUNKS_PER_TASK = 64;

  /** How the body is delimited on the wire. */
  private enum Framing {
    /** DATA frames; END_STREAM ends the body. */
    HTTP2,
    /** HTTP/1.1 {@code Transfer-Encoding: chunked}; the connection may serve the next request afterwards. */
    CHUNKED,
    /** HTTP/1.0 has no chunked coding: the body ends when the server closes the connection. */
    UNTIL_CLOSE
  }

  private final StreamingResponse response;
  private final OpenStreams streams;
  private final Framing framing;
  /** HTTP/1.x: close the connection after the body (client asked, or the framing needs it). */
  private final boolean closeAfter;
  private final EventLoop loop;
  /** Told once when the stream ends: {@code true} if the connection may serve another request. */
  private final Consumer<Boolean> onEnd;
  /** Set while a pull task is queued on the event loop, so signals coalesce. */
  private final AtomicBoolean pullScheduled = new AtomicBoolean();

  /** Set once, when the writer joins the pipeline. */
  private ChannelHandlerContext ctx;
  /** See the class invariant; never reset. */
  private boolean ended;

  private StreamWriter(StreamingResponse response, OpenStreams streams, Channel channel, boolean keepAlive,
      boolean http10, Consumer<Boolean> onEnd) {
    this.response = response;
    this.streams = streams;
    this.framing = channel instanceof Http2StreamChannel ? Framing.HTTP2
        : http10 ? Framing.UNTIL_CLOSE : Framing.CHUNKED;
    this.closeAfter = framing == Framing.UNTIL_CLOSE || (framing == Framing.CHUNKED && !keepAlive);
    this.loop = channel.eventLoop();
    this.onEnd = onEnd;
  }

  /**
   * A writer for {@code response} on {@code channel}, admitted by {@code streams}; or {@code null} when
   * too many streams are open, after closing the response's source (the caller answers 429 instead). The
   * caller adds the writer to the channel's pipeline, which starts the stream.
   *
   * @param keepAlive HTTP/1.1: whether the connection stays open after this response
   * @param http10 HTTP/1.0 request: no chunked coding, so the body is delimited by closing the connection
   */
  public static StreamWriter open(OpenStreams streams, StreamingResponse response, Channel channel,
      boolean keepAlive, boolean http10, Consumer<Boolean> onEnd) {
    StreamWriter writer = new StreamWriter(response, streams, channel, keepAlive, http10, onEnd);
    if (!streams.tryOpen(writer)) {
      discard(response);
      return null;
    }
    return writer;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (!ctx.channel().isActive()) {
      end(false);
      return;
    }
    ctx.writeAndFlush(head(), ctx.voidPromise());
    try {
      response.source().start(this::schedulePull);
    } catch (Throwable t) {
      fail(t);
      return;
    }
    pull();
  }

  private HttpResponse head() {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status());
    head.headers().set(response.headers());
    head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
    head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
    if (framing == Framing.CHUNKED) {
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (closeAfter) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return head;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      pull();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // The client closed the connection or reset the stream (or a write failed and closed it).
    end(false);
    ctx.fireChannelInactive();
  }

  /**
   * Ends the stream from any thread (server shutdown): the source is closed and then the connection
   * (HTTP/1.1) or the stream (HTTP/2, RST_STREAM CANCEL), since a body cut short must not look complete.
   */
  void abort() {
    try {
      loop.execute(() -> {
        if (!ended && ctx != null) {
          log.debug("aborting stream on {}: server shutting down", ctx.channel());
          end(false);
          ctx.channel().close();
        }
      });
    } catch (RejectedExecutionException loopGone) {
      // The event loop has terminated, and closed its channels, which ended this stream.
    }
  }

  /** Queues a pull on the event loop unless one is queued already; callable from any thread. */
  private void schedulePull() {
    if (pullScheduled.compareAndSet(false, true)) {
      try {
        loop.execute(this::pull);
      } catch (RejectedExecutionException loopGone) {
        pullScheduled.set(false);
      }
    }
  }

  /** Pulls and writes chunks while the channel takes them. */
  private void pull() {
    pullScheduled.set(false);
    Channel channel = ctx.channel();
    int written = 0;
    while (!ended && channel.isWritable()) {
      if (written == MAX_CHUNKS_PER_TASK) {
        schedulePull();
        break;
      }
      Chunk chunk;
      try {
        chunk = response.source().next(ctx.alloc());
      } catch (Throwable t) {
        fail(t);
        return;
      }
      if (chunk == null) {
        break;
      }
      if (chunk instanceof Chunk.End end) {
        complete(end);
        return;
      }
      ctx.write(new DefaultHttpContent(((Chunk.Data) chunk).content()), ctx.voidPromise());
      written++;
    }
    if (written > 0) {
      ctx.flush();
    }
  }

  private void complete(Chunk.End end) {
    LastHttpContent last = framing == Framing.UNTIL_CLOSE
        ? LastHttpContent.EMPTY_LAST_CONTENT
        : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, end.trailers());
    // The source is closed before the client can see the end, and the next response may follow only
    // after the last chunk, hence this order.
    ended = true;
    closeQuietly(response.source());
    ChannelFuture written = ctx.writeAndFlush(last);
    if (closeAfter) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    leave(!closeAfter);
  }

  /**
   * The source threw: the response cannot be completed and its status has gone already, so the client
   * must see a broken body. HTTP/1.1 closes the connection; HTTP/2 resets the stream with INTERNAL_ERROR.
   */
  private void fail(Throwable t) {
    if (ended) {
      return;
    }
    log.warn("streamed response on {} failed; aborting it", ctx.channel(), t);
    end(false);
    Channel channel = ctx.channel();
    if (framing == Framing.HTTP2) {
      channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      // Chunks already written still go out; the close then tells the client the body is incomplete.
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void end(boolean reusable) {
    if (ended) {
      return;
    }
    ended = true;
    closeQuietly(response.source());
    leave(reusable);
  }

  /** After the source is closed: frees the stream's place, leaves the pipeline, tells the handler. */
  private void leave(boolean reusable) {
    streams.release(this);
    if (ctx.pipeline().context(this) != null) {
      ctx.pipeline().remove(this);
    }
    onEnd.accept(reusable);
  }

  /** Closes the source of a response that will not be written (refused, or its connection is gone). */
  public static void discard(StreamingResponse response) {
    closeQuietly(response.source());
  }

  private static void closeQuietly(ChunkSource source) {
    try {
      source.close();
    } catch (RuntimeException e) {
      log.warn("closing a stream's source failed", e);
    }
  }
}
