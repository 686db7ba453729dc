package io.raftkv.kv.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A Netty HTTP/2 client speaking h2c with prior knowledge: one TCP connection, one child channel (stream)
 * per request. Callers keep within the server's SETTINGS_MAX_CONCURRENT_STREAMS: a server refuses streams
 * beyond it (RST_STREAM REFUSED_STREAM), including those a client opens before it has seen the server's
 * SETTINGS.
 */
final class H2cClient implements AutoCloseable {

  /** A response copied out of Netty buffers; header names lower-case as HTTP/2 sends them. */
  record Response(int status, Map<String, String> headers, byte[] body) {}

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("h2c-test-client"), NioIoHandler.newFactory());
  private final Channel connection;

  H2cClient(int port) throws InterruptedException {
    connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(
                Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect("127.0.0.1", port).sync().channel();
  }

  boolean isOpen() {
    return connection.isActive();
  }

  CompletableFuture<Response> send(HttpMethod method, String path, byte[] body, Map<String, String> headers) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    new Http2StreamChannelBootstrap(connection).handler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new HttpObjectAggregator(16 << 20),
            new SimpleChannelInboundHandler<FullHttpResponse>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                Map<String, String> h = new TreeMap<>();
                msg.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
                result.complete(new Response(msg.status().code(), h, ByteBufUtil.getBytes(msg.content())));
                ctx.close();
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                result.completeExceptionally(cause);
                ctx.close();
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                result.completeExceptionally(new IllegalStateException("stream closed without a response"));
              }
            });
      }
    }).open().addListener(f -> {
      if (!f.isSuccess()) {
        result.completeExceptionally(f.cause());
        return;
      }
      Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
      FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
          Unpooled.wrappedBuffer(body));
      request.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
      request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      headers.forEach(request.headers()::set);
      stream.writeAndFlush(request).addListener(w -> {
        if (!w.isSuccess()) {
          result.completeExceptionally(w.cause());
        }
      });
    });
    return result;
  }

  @Override
  public void close() {
    connection.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
