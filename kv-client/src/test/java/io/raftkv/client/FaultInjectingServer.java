package io.raftkv.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP server (Netty, HTTP/1.1 or h2c prior knowledge) whose answers a test scripts, to produce the
 * failures the client must handle exactly — a 503, a 504, a connection dropped after the request arrived —
 * and to count what reached the server. The behaviour of the real RaftKV server is tested in raftkv-cli
 * against kv-server's KvHttpServer; this fixture exists because kv-server depends on kv-client.
 */
final class FaultInjectingServer implements AutoCloseable {

  /** What to do with one request. */
  sealed interface Action {
  }

  /** Answer with a status, headers and body. */
  record Respond(int status, Map<String, String> headers, String body) implements Action {
  }

  /** Close the connection without answering (after the request was fully received). */
  record Drop() implements Action {
  }

  /** HTTP/2 only: reset the stream with REFUSED_STREAM (RFC 9113 §8.7: the request was not processed). */
  record Refuse() implements Action {
  }

  /** Never answer. */
  record Hang() implements Action {
  }

  /** A received request: method, URI, headers of interest, body. */
  record Received(String method, String uri, String ifMatch, String ifNoneMatch, String body) {
  }

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Channel server;
  private volatile Function<Received, Action> script;

  FaultInjectingServer(boolean http2, Function<Received, Action> script) throws InterruptedException {
    this.script = script;
    this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (http2) {
              ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                  new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                      stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                          new HttpObjectAggregator(1 << 20), new Handler(true));
                    }
                  }));
            } else {
              ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler(false));
            }
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  String url() {
    return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  void script(Function<Received, Action> script) {
    this.script = script;
  }

  static Respond json(int status, String body) {
    return new Respond(status, Map.of("content-type", "application/json"), body);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final boolean http2;

    Handler(boolean http2) {
      this.http2 = http2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      Received r = new Received(request.method().name(), request.uri(), request.headers().get("if-match"),
          request.headers().get("if-none-match"), request.content().toString(StandardCharsets.UTF_8));
      received.add(r);
      Action action = script.apply(r);
      if (action instanceof Respond respond) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(respond.status()),
            Unpooled.copiedBuffer(respond.body(), StandardCharsets.UTF_8));
        respond.headers().forEach((k, v) -> response.headers().set(k, v));
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response);
      } else if (action instanceof Refuse) {
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
      } else if (action instanceof Drop) {
        // For HTTP/2 drop the whole connection, as a crashed server would.
        (http2 ? ctx.channel().parent() : ctx.channel()).close();
      }
      // Hang: never answer.
    }
  }
}
