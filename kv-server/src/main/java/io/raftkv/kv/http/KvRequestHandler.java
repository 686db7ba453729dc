package io.raftkv.kv.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.raftkv.api.ErrorKind;
import io.raftkv.kv.http.stream.OpenStreams;
import io.raftkv.kv.http.stream.StreamWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers aggregated requests through the {@link Router}, asynchronously, on one HTTP/1.1 connection or one
 * HTTP/2 stream.
 *
 * <p>Invariant: responses leave in request order. HTTP/1.1 clients may pipeline, and service calls finish
 * in any order, so each request takes a slot in a FIFO and a finished response waits until every earlier
 * slot has been written. All slot handling runs on the channel's event loop.
 *
 * <p>A streamed reply occupies its slot until its body ends: the handler hands it to a {@link
 * StreamWriter} (if {@link OpenStreams} admits it, else 429 {@code too_many_streams}) and writes nothing
 * more until the writer reports the end. Its in-flight permit is returned when the stream starts. Requests
 * an HTTP/1.1 client pipelines behind a stream wait for its end, holding their permits (at most {@link
 * #MAX_PIPELINED} per connection); reading goes on meanwhile, so a client that leaves is still noticed.
 * A long poll's permit is {@linkplain InFlightLimiter#park parked} while it waits, and its timeout is the
 * request timeout plus its wait.
 *
 * <p>Malformed HTTP gets 400 and the connection is closed after it (the decoder cannot resynchronize);
 * placeholders from {@link AdmissionHandler} and {@link BoundedAggregator} get their 429/413 and the
 * connection stays usable.
 */
final class KvRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(KvRequestHandler.class);

  /** One request's place in the response order. */
  private static final class Slot {
    Reply reply;
    boolean keepAlive;
    boolean http10;
    final long startNanos = System.nanoTime();
    String method = "OTHER";
    String route = "other";
  }

  /** RFC 9110's methods; any other token is counted as {@code OTHER} so metric labels stay bounded. */
  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  /**
   * Pipelined HTTP/1.1 requests a connection may have unanswered before the server stops reading from it;
   * reading resumes when half of them are answered (TCP then pushes back on the client).
   */
  static final int MAX_PIPELINED = 16;

  private final Router router;
  private final InFlightLimiter limiter;
  private final Duration timeout;
  private final OpenStreams streams;
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();

  /**
   * The streamed response being written, or null. While set, later slots wait: on HTTP/1.1 the next
   * response may only start after this body's last chunk.
   */
  private StreamWriter stream;

  /** Set once a response that closes the connection has been written; later responses are dropped. */
  private boolean closing;

  KvRequestHandler(Router router, InFlightLimiter limiter, OpenStreams streams, Duration timeout) {
    this.router = router;
    this.limiter = limiter;
    this.streams = streams;
    this.timeout = timeout;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean http2 = ctx.channel() instanceof Http2StreamChannel;
    Slot slot = new Slot();
    slot.keepAlive = http2 || HttpUtil.isKeepAlive(request);
    slot.http10 = !http2 && request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    if (KNOWN_METHODS.contains(request.method().name())) {
      slot.method = request.method().name();
    }
    slots.addLast(slot);
    if (!http2 && slots.size() >= MAX_PIPELINED) {
      ctx.channel().config().setAutoRead(false);
    }
    DecoderResult decoded = request.decoderResult();
    if (!decoded.isSuccess()) {
      if (decoded.cause() instanceof RequestRejectedException rejected) {
        FullHttpResponse response = Responses.error(rejected.kind(), rejected.getMessage());
        finish(ctx, slot, response);
      } else {
        slot.keepAlive = false;
        finish(ctx, slot, Responses.error(ErrorKind.MALFORMED_REQUEST,
            "malformed HTTP request: " + decoded.cause().getMessage()));
      }
      return;
    }
    if (!http2 && request.protocolVersion().majorVersion() != 1) {
      slot.keepAlive = false;
      finish(ctx, slot, Responses.error(ErrorKind.MALFORMED_REQUEST,
          "unsupported HTTP version " + request.protocolVersion()));
      return;
    }
    CompletableFuture<Reply> future;
    Duration wait;
    try {
      ApiRequest api = ApiRequest.of(request);
      slot.route = Router.routeName(api.rawPath());
      wait = LongPoll.waitOf(api);
      future = router.dispatch(api);
    } catch (RuntimeException e) {
      finish(ctx, slot, Responses.failure(e));
      return;
    }
    if (!wait.isZero()) {
      limiter.park(ctx.channel());
    }
    // The timeout bounds the wait for a reply (for a stream: its head), not a stream's duration; a long
    // poll gets it on top of its wait, for the reads before and after.
    future.orTimeout(timeout.plus(wait).toMillis(), TimeUnit.MILLISECONDS).whenComplete((reply, error) -> {
      Reply r = error == null ? reply : Reply.full(Responses.failure(error));
      if (ctx.executor().inEventLoop()) {
        finish(ctx, slot, r);
      } else {
        ctx.executor().execute(() -> finish(ctx, slot, r));
      }
    });
  }

  private void finish(ChannelHandlerContext ctx, Slot slot, FullHttpResponse response) {
    finish(ctx, slot, Reply.full(response));
  }

  private void finish(ChannelHandlerContext ctx, Slot slot, Reply reply) {
    slot.reply = reply;
    drain(ctx);
  }

  /** Writes the replies at the head of the order that are ready, up to the first streamed one. */
  private void drain(ChannelHandlerContext ctx) {
    boolean wrote = false;
    while (stream == null && !slots.isEmpty() && slots.peekFirst().reply != null) {
      Slot head = slots.pollFirst();
      // A stream returns its in-flight permit when its head is written; OpenStreams bounds open streams.
      limiter.completed(ctx.channel());
      if (closing || !ctx.channel().isActive()) {
        head.reply.discard();
        continue;
      }
      FullHttpResponse response;
      if (head.reply instanceof Reply.Streamed streamed) {
        stream = StreamWriter.open(streams, streamed.response(), ctx.channel(), head.keepAlive, head.http10,
            reusable -> streamEnded(ctx, reusable));
        if (stream != null) {
          observe(head, streamed.response().status().code());
          // Adding the writer starts the stream; a stream that ends at once re-enters drain() from there.
          ctx.pipeline().addAfter(ctx.name(), null, stream);
          break;
        }
        response = Responses.error(new ApiException(ErrorKind.TOO_MANY_STREAMS,
            "too many streamed responses open on this node; retry later"));
      } else {
        response = ((Reply.Full) head.reply).response();
      }
      observe(head, response.status().code());
      boolean http2 = ctx.channel() instanceof Http2StreamChannel;
      if (!http2) {
        if (!head.keepAlive) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (head.http10) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
      }
      if (!head.keepAlive) {
        closing = true;
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        wrote = false;
      } else {
        ctx.write(response, ctx.voidPromise());
        wrote = true;
      }
    }
    if (wrote) {
      ctx.flush();
    }
    if (!closing && !ctx.channel().config().isAutoRead() && slots.size() < MAX_PIPELINED / 2) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void observe(Slot slot, int status) {
    router.observer().observe(slot.route, slot.method, status, System.nanoTime() - slot.startNanos);
  }

  /** The stream's writer has finished (and left the pipeline); the replies queued behind it may go. */
  private void streamEnded(ChannelHandlerContext ctx, boolean reusable) {
    stream = null;
    if (!reusable) {
      closing = true;
    }
    drain(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing {} after an error", ctx.channel(), cause);
    ctx.close();
  }
}
