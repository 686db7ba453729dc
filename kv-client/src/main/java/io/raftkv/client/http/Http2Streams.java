package io.raftkv.client.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchanges of one HTTP/2 connection, as one handler behind Netty's {@code Http2FrameCodec}: each request
 * is a stream of that codec, written as a HEADERS (and DATA) frame and answered by frames this handler reads
 * and collects into the exchange's response. No child channel or pipeline is built per request (the cost of
 * {@code Http2MultiplexHandler}, which dominated the client's CPU and allocations).
 *
 * <p>Thread confinement: the connection's event loop, which is also the pool's. Invariants: {@code streams}
 * holds exactly the exchanges on the wire that have not completed, keyed by stream id; an exchange leaves it
 * when it completes, however it completes, and {@code onStreamDone} runs once for each that left.
 */
final class Http2Streams extends Http2ChannelDuplexHandler {

  private static final AsciiString SCHEME = AsciiString.cached("http");
  private static final byte[] EMPTY = new byte[0];

  private final AsciiString authority;
  private final int maxResponseBytes;
  private final Runnable onStreamDone;
  private final IntObjectMap<Response> streams = new IntObjectHashMap<>();
  private ChannelHandlerContext ctx;

  /** A response being collected: its status and headers once HEADERS arrived, its DATA so far. */
  private static final class Response {
    final Exchange exchange;
    final Http2FrameStream stream;
    int status;
    Map<String, String> headers;
    ByteBuf body;

    Response(Exchange exchange, Http2FrameStream stream) {
      this.exchange = exchange;
      this.stream = stream;
    }
  }

  /** {@code onStreamDone} runs on the event loop each time an exchange leaves the connection. */
  Http2Streams(String authority, int maxResponseBytes, Runnable onStreamDone) {
    this.authority = new AsciiString(authority);
    this.maxResponseBytes = maxResponseBytes;
    this.onStreamDone = onStreamDone;
  }

  /** Exchanges on the wire, for the pool's stream limit. */
  int active() {
    return streams.size();
  }

  /** Opens a stream for {@code exchange} and writes its request; the pool checked the stream limit. */
  void start(Exchange exchange) {
    HttpRequestSpec spec = exchange.spec();
    byte[] body = spec.body();
    Http2Headers headers = new DefaultHttp2Headers(false, 4 + spec.headers().size())
        .method(spec.method()).path(spec.pathAndQuery()).scheme(SCHEME).authority(authority);
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    spec.headers().forEach(headers::set);
    Http2FrameStream stream = newStream();
    ChannelFutureListener sent = f -> {
      if (f.isSuccess()) {
        exchange.markSent();
      } else {
        // Not completely written: the server cannot have a whole request to apply.
        Response response = stream.id() > 0 ? streams.get(stream.id()) : null;
        if (response != null) {
          finish(response);
        }
        exchange.fail("write failed: " + f.cause().getMessage(), f.cause());
      }
    };
    if (body.length == 0) {
      ctx.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream)).addListener(sent);
    } else {
      ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
      ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true).stream(stream)).addListener(sent);
    }
    if (!exchange.isDone() && stream.id() > 0) {
      streams.put(stream.id(), new Response(exchange, stream));
      exchange.assign(() -> cancel(stream));
    }
    ctx.flush();
  }

  @Override
  protected void handlerAdded0(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2HeadersFrame headers) {
        onHeaders(headers);
      } else if (msg instanceof Http2DataFrame data) {
        onData(ctx, data);
      } else if (msg instanceof Http2ResetFrame reset) {
        onReset(reset);
      } else if (msg instanceof Http2GoAwayFrame goAway) {
        onGoAway(goAway.lastStreamId());
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush(); // the window updates written while reading
    ctx.fireChannelReadComplete();
  }

  private void onHeaders(Http2HeadersFrame frame) {
    Response response = streams.get(frame.stream().id());
    if (response == null) {
      return;
    }
    if (response.headers == null) {
      CharSequence status = frame.headers().status();
      int code = status == null ? -1 : parseStatus(status);
      if (code >= 100 && code < 200) {
        return; // informational (RFC 9110 §15.2); the final answer follows
      }
      if (code < 0) {
        fail(response, "response without a valid :status");
        return;
      }
      response.status = code;
      response.headers = lowerCaseHeaders(frame.headers());
    }
    // A second HEADERS frame is the trailer section: the response ends with it, its fields are not kept.
    if (frame.isEndStream()) {
      complete(response);
    }
  }

  private void onData(ChannelHandlerContext ctx, Http2DataFrame frame) {
    Response response = streams.get(frame.stream().id());
    if (frame.initialFlowControlledBytes() > 0) {
      // Hand the bytes back to flow control: the codec only refills windows the application consumed.
      ctx.write(new DefaultHttp2WindowUpdateFrame(frame.initialFlowControlledBytes()).stream(frame.stream()));
    }
    if (response == null) {
      return;
    }
    if (response.headers == null) {
      fail(response, "DATA before the response headers");
      return;
    }
    ByteBuf content = frame.content();
    int size = (response.body == null ? 0 : response.body.readableBytes()) + content.readableBytes();
    if (size > maxResponseBytes) {
      fail(response, "response larger than " + maxResponseBytes + " bytes");
      return;
    }
    if (content.isReadable()) {
      if (response.body == null) {
        response.body = ctx.alloc().heapBuffer(content.readableBytes());
      }
      response.body.writeBytes(content);
    }
    if (frame.isEndStream()) {
      complete(response);
    }
  }

  private void onReset(Http2ResetFrame reset) {
    Response response = streams.get(reset.stream().id());
    if (response == null) {
      return;
    }
    finish(response);
    if (reset.errorCode() == Http2Error.REFUSED_STREAM.code()) {
      response.exchange.failUnprocessed("stream refused by the server (not processed)");
    } else {
      response.exchange.fail("stream reset by the server (error " + reset.errorCode() + ")", null);
    }
  }

  /** Streams above the GOAWAY's last-stream-id were not processed (RFC 9113 §6.8), so failover may resend them. */
  private void onGoAway(int lastStreamId) {
    for (Response response : snapshot()) {
      if (response.stream.id() > lastStreamId) {
        finish(response);
        response.exchange.failUnprocessed("server going away before processing the stream");
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof Http2FrameStreamEvent streamEvent && streamEvent.stream().state() == Http2Stream.State.CLOSED) {
      Response response = streams.get(streamEvent.stream().id());
      if (response != null) {
        // Closed without a complete answer (a complete one has already left the map).
        finish(response);
        response.exchange.fail("stream closed before the response", null);
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof Http2FrameStreamException streamError) {
      Response response = streams.get(streamError.stream().id());
      if (response != null) {
        finish(response);
        response.exchange.fail("stream error: " + cause.getMessage(), cause);
      }
      return;
    }
    failAll("connection error: " + cause.getMessage(), cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    failAll("stream closed before the response", null);
    super.channelInactive(ctx);
  }

  private void complete(Response response) {
    byte[] body = response.body == null ? EMPTY : ByteBufUtil.getBytes(response.body);
    finish(response);
    response.exchange.succeed(response.status, response.headers, body);
  }

  /** Gives up on a stream whose exchange timed out: the server may still answer, the answer would match nothing. */
  private void cancel(Http2FrameStream stream) {
    Response response = streams.get(stream.id());
    if (response != null) {
      finish(response);
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
    }
  }

  /** Fails a stream because its answer breaks the protocol, and resets it. */
  private void fail(Response response, String message) {
    finish(response);
    response.exchange.fail(message, null);
    ctx.write(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(response.stream));
  }

  private void failAll(String message, Throwable cause) {
    for (Response response : snapshot()) {
      finish(response);
      response.exchange.fail(message, cause);
    }
  }

  /** Takes the response out of the map (once), frees its buffered DATA and tells the pool a stream is free. */
  private void finish(Response response) {
    if (streams.remove(response.stream.id()) == null) {
      return;
    }
    if (response.body != null) {
      response.body.release();
      response.body = null;
    }
    onStreamDone.run();
  }

  private List<Response> snapshot() {
    return new ArrayList<>(streams.values());
  }

  private static Map<String, String> lowerCaseHeaders(Http2Headers headers) {
    Map<String, String> result = new HashMap<>();
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      CharSequence name = e.getKey();
      if (name.length() > 0 && name.charAt(0) != ':') {
        // HTTP/2 field names are lower case on the wire (RFC 9113 §8.2.1); Netty rejects others.
        result.putIfAbsent(name.toString(), e.getValue().toString());
      }
    }
    return result;
  }

  private static int parseStatus(CharSequence status) {
    if (status.length() != 3) {
      return -1;
    }
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char c = status.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      code = code * 10 + (c - '0');
    }
    return code;
  }
}
