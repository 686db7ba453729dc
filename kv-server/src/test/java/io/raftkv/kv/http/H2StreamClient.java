package io.raftkv.kv.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An h2c (prior knowledge) client working at the frame level, for streamed responses: each {@link Stream}
 * records the HEADERS, DATA, trailers and RST_STREAM it receives, and can be opened stalled (its child
 * channel does not read, so the client grants no window beyond the initial 65,535 bytes) and resumed later.
 *
 * <p>Public for process-level tests in other modules (through the test jar).
 *
 * <p>The connection-level window is raised by {@link #CONNECTION_WINDOW}, as browsers do, so that the bytes
 * a stalled stream holds unread do not exhaust the connection's window and stall its neighbours.
 */
public final class H2StreamClient implements AutoCloseable {

  static final int CONNECTION_WINDOW = 64 << 20;

  /** One request's stream as the client saw it. */
  public static final class Stream {
    public final CompletableFuture<Http2Headers> headers = new CompletableFuture<>();
    final CompletableFuture<Http2Headers> trailers = new CompletableFuture<>();
    public final CompletableFuture<Void> ended = new CompletableFuture<>();
    final CompletableFuture<Long> reset = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private volatile Http2StreamChannel channel;

    synchronized byte[] body() {
      return body.toByteArray();
    }

    public String text() {
      return new String(body(), UTF_8);
    }

    /** Starts reading a stream opened stalled; the client then returns window as it consumes. */
    public void resume() {
      channel.eventLoop().execute(() -> {
        channel.config().setAutoRead(true);
        channel.read();
      });
    }

    /** Resets the stream (RST_STREAM CANCEL), as a client does that loses interest. */
    void cancel() {
      channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
    }

    private synchronized void append(byte[] bytes) {
      body.writeBytes(bytes);
    }
  }

  /** An SSE event message (a progress bookmark has an {@code event: progress} line between id and data). */
  private static final Pattern EVENT_ID = Pattern.compile("^id: (\\d+)\ndata: ", Pattern.MULTILINE);

  /** The revisions of the event messages (not bookmarks) in an SSE watch body, in order. */
  public static List<Long> eventIds(String sseBody) {
    List<Long> out = new ArrayList<>();
    Matcher m = EVENT_ID.matcher(sseBody);
    while (m.find()) {
      out.add(Long.parseLong(m.group(1)));
    }
    return out;
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("h2-stream-client"), NioIoHandler.newFactory());
  private final Channel connection;

  public H2StreamClient(int port) throws InterruptedException {
    connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect("127.0.0.1", port).sync().channel();
    // A WINDOW_UPDATE without a stream is for the connection.
    connection.writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW)).sync();
  }

  boolean isOpen() {
    return connection.isActive();
  }

  /** Sends {@code GET path} on a new stream; with {@code stalled} the stream reads nothing until resumed. */
  public Stream get(String path, boolean stalled) throws Exception {
    Stream stream = new Stream();
    Http2StreamChannel channel = new Http2StreamChannelBootstrap(connection)
        .option(ChannelOption.AUTO_READ, !stalled)
        .handler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
              receive(stream, msg);
            } finally {
              ReferenceCountUtil.release(msg);
            }
          }

          @Override
          public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            // Netty hands RST_STREAM to the child as an event: it is not flow-controlled, so it must not
            // wait for a read.
            receive(stream, evt);
          }
        })
        .open().get(10, TimeUnit.SECONDS);
    stream.channel = channel;
    Http2Headers headers = new DefaultHttp2Headers().method("GET").path(path).scheme("http")
        .authority("127.0.0.1");
    channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true)).sync();
    return stream;
  }

  private static void receive(Stream stream, Object msg) {
    if (msg instanceof Http2HeadersFrame frame) {
      if (!stream.headers.isDone()) {
        stream.headers.complete(frame.headers());
      } else {
        stream.trailers.complete(frame.headers());
      }
      if (frame.isEndStream()) {
        stream.ended.complete(null);
      }
    } else if (msg instanceof Http2DataFrame frame) {
      stream.append(ByteBufUtil.getBytes(frame.content()));
      if (frame.isEndStream()) {
        stream.ended.complete(null);
      }
    } else if (msg instanceof Http2ResetFrame frame) {
      stream.reset.complete(frame.errorCode());
    }
  }

  @Override
  public void close() {
    connection.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
