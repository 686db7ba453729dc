package io.raftkv.client.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/2 cleartext connections to one endpoint with prior knowledge (RFC 9113 §3.3); each request is one
 * multiplexed stream, up to {@code streamsPerConnection} at a time per connection.
 *
 * <p>Thread confinement: all state lives on one event loop, which also owns the connections and their
 * stream channels. Invariants: {@code connections.size() <= maxConnections}; for each connection
 * {@code 0 <= active <= streamsPerConnection}; an exchange waits in {@code waiting} only while every
 * connection is full or still connecting.
 */
final class Http2Pool implements EndpointPool {

  private final Endpoint endpoint;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final PoolSettings settings;
  private final List<Connection> connections = new ArrayList<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private boolean closed;

  /** One TCP connection; {@code parent} is null until connected. */
  private static final class Connection {
    Channel parent;
    int active;
  }

  Http2Pool(Endpoint endpoint, EventLoop loop, PoolSettings settings) {
    this.endpoint = endpoint;
    this.loop = loop;
    this.settings = settings;
    this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            Http2Settings initial = Http2Settings.defaultSettings().pushEnabled(false);
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().initialSettings(initial).build(),
                // Server push is disabled, so no inbound streams are expected.
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        });
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public CompletableFuture<HttpResult> send(HttpRequestSpec request) {
    Exchange exchange = new Exchange(request, endpoint);
    loop.execute(() -> dispatch(exchange));
    return exchange.promise();
  }

  private void dispatch(Exchange exchange) {
    if (closed) {
      exchange.fail("client closed", null);
      return;
    }
    exchange.armTimeout(loop, settings.requestTimeout());
    waiting.add(exchange);
    drain();
  }

  /** Starts streams for waiting exchanges while some connection has room; opens connections lazily. */
  private void drain() {
    while (!waiting.isEmpty()) {
      Exchange next = waiting.peekFirst();
      if (next.isDone()) {
        waiting.pollFirst();
        continue;
      }
      Connection connection = leastLoaded();
      if (connection == null) {
        boolean connecting = connections.stream().anyMatch(c -> c.parent == null);
        if (!connecting && connections.size() < settings.connections()) {
          connect();
        }
        return;
      }
      waiting.pollFirst();
      openStream(connection, next);
    }
  }

  private Connection leastLoaded() {
    Connection best = null;
    for (Connection c : connections) {
      if (c.parent != null && c.parent.isActive() && c.active < capacity(c)
          && (best == null || c.active < best.active)) {
        best = c;
      }
    }
    return best;
  }

  /**
   * Streams this connection may carry: our setting, capped by the server's SETTINGS_MAX_CONCURRENT_STREAMS;
   * none once the server sent GOAWAY (it will refuse new streams and close the connection).
   */
  private int capacity(Connection c) {
    Http2FrameCodec codec = c.parent.pipeline().get(Http2FrameCodec.class);
    if (codec == null) {
      return settings.streamsPerConnection();
    }
    if (codec.connection().goAwayReceived()) {
      return 0;
    }
    return Math.min(settings.streamsPerConnection(), codec.connection().local().maxActiveStreams());
  }

  private void connect() {
    Connection connection = new Connection();
    connections.add(connection);
    bootstrap.connect(endpoint.host(), endpoint.port()).addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        connections.remove(connection);
        if (connections.isEmpty()) {
          // Nothing can serve the queue: the endpoint is down, let failover move on.
          failWaiting("connect failed: " + f.cause().getMessage(), f.cause());
        } else {
          drain();
        }
        return;
      }
      connection.parent = f.channel();
      f.channel().closeFuture().addListener(c -> {
        connections.remove(connection);
        drain();
      });
      if (closed) {
        f.channel().close();
        return;
      }
      drain();
    });
  }

  private void openStream(Connection connection, Exchange exchange) {
    connection.active++;
    new Http2StreamChannelBootstrap(connection.parent)
        .handler(new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false),
                new HttpObjectAggregator(settings.maxResponseBytes()), new StreamHandler(exchange));
          }
        })
        .open()
        .addListener((Future<Http2StreamChannel> f) -> {
          if (!f.isSuccess()) {
            connection.active--;
            exchange.fail("cannot open stream: " + f.cause().getMessage(), f.cause());
            drain();
            return;
          }
          Http2StreamChannel stream = f.getNow();
          stream.closeFuture().addListener(c -> {
            connection.active--;
            drain();
          });
          if (exchange.isDone()) {
            stream.close();
            return;
          }
          exchange.assign(stream);
          stream.writeAndFlush(exchange.toNettyRequest()).addListener(w -> {
            if (w.isSuccess()) {
              exchange.markSent();
            } else {
              exchange.fail("write failed: " + w.cause().getMessage(), w.cause());
              stream.close();
            }
          });
        });
  }

  private void failWaiting(String message, Throwable cause) {
    Exchange next;
    while ((next = waiting.pollFirst()) != null) {
      next.fail(message, cause);
    }
  }

  @Override
  public void close() {
    loop.execute(() -> {
      if (closed) {
        return;
      }
      closed = true;
      failWaiting("client closed", null);
      for (Connection c : List.copyOf(connections)) {
        if (c.parent != null) {
          c.parent.close();
        }
      }
    });
  }

  /** Completes one stream's exchange; the stream is single-use. */
  private static final class StreamHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final Exchange exchange;

    StreamHandler(Exchange exchange) {
      this.exchange = exchange;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      exchange.succeed(response);
      ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      // Http2MultiplexHandler delivers RST_STREAM, and GOAWAY for streams above its last-stream-id, as events.
      if (event instanceof Http2ResetFrame reset) {
        if (reset.errorCode() == Http2Error.REFUSED_STREAM.code()) {
          exchange.failUnprocessed("stream refused by the server (not processed)");
        } else {
          exchange.fail("stream reset by the server (error " + reset.errorCode() + ")", null);
        }
        ctx.close();
      } else if (event instanceof Http2GoAwayFrame goAway) {
        exchange.failUnprocessed("server going away before processing the stream");
        goAway.release();
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(event);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      // No-op when already completed; otherwise the stream was reset or the connection died.
      exchange.fail("stream closed before the response", null);
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      exchange.fail("stream error: " + cause.getMessage(), cause);
      ctx.close();
    }
  }
}
