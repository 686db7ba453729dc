package io.raftkv.client.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/2 cleartext connections to one endpoint with prior knowledge (RFC 9113 §3.3); each request is one
 * multiplexed stream, up to {@code streamsPerConnection} at a time per connection, carried by the
 * connection's {@link Http2Streams} handler.
 *
 * <p>Thread confinement: all state lives on one event loop, which also owns the connections. Invariants:
 * {@code connections.size() <= maxConnections}; for each connection {@code 0 <= streams.active() <=
 * streamsPerConnection}; an exchange waits in {@code waiting} only while every connection is full or still
 * connecting.
 */
final class Http2Pool implements EndpointPool {

  private final Endpoint endpoint;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final PoolSettings settings;
  private final List<Connection> connections = new ArrayList<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private boolean closed;
  // drain() runs again instead of nesting when a completion inside it (a callback that sends) asks for it.
  private boolean draining;
  private boolean drainAgain;

  /** One TCP connection; {@code parent} and {@code codec} are null until connected. */
  private static final class Connection {
    Channel parent;
    Http2FrameCodec codec;
    Http2Streams streams;
  }

  Http2Pool(Endpoint endpoint, EventLoop loop, PoolSettings settings) {
    this.endpoint = endpoint;
    this.loop = loop;
    this.settings = settings;
    this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis());
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public CompletableFuture<HttpResult> send(HttpRequestSpec request) {
    Exchange exchange = new Exchange(request, endpoint);
    if (loop.inEventLoop()) {
      // A callback of an earlier response sending the next request: no hand-off to the same thread.
      dispatch(exchange);
    } else {
      loop.execute(() -> dispatch(exchange));
    }
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
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = true;
    try {
      do {
        drainAgain = false;
        drainOnce();
      } while (drainAgain);
    } finally {
      draining = false;
    }
  }

  private void drainOnce() {
    while (!waiting.isEmpty()) {
      Exchange next = waiting.peekFirst();
      if (next.isDone()) {
        waiting.pollFirst();
        continue;
      }
      Connection connection = leastLoaded();
      if (connection == null) {
        boolean connecting = false;
        for (Connection c : connections) {
          connecting |= c.parent == null;
        }
        if (!connecting && connections.size() < settings.connections()) {
          connect();
        }
        return;
      }
      waiting.pollFirst();
      connection.streams.start(next);
    }
  }

  private Connection leastLoaded() {
    Connection best = null;
    for (Connection c : connections) {
      if (c.parent != null && c.parent.isActive() && c.streams.active() < capacity(c)
          && (best == null || c.streams.active() < best.streams.active())) {
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
    if (c.codec.connection().goAwayReceived()) {
      return 0;
    }
    return Math.min(settings.streamsPerConnection(), c.codec.connection().local().maxActiveStreams());
  }

  private void connect() {
    Connection connection = new Connection();
    connections.add(connection);
    Http2Settings initial = Http2Settings.defaultSettings().pushEnabled(false);
    Http2FrameCodec codec = Http2FrameCodecBuilder.forClient().initialSettings(initial).build();
    Http2Streams streams = new Http2Streams(endpoint.authority(), settings.maxResponseBytes(), this::drain);
    bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        // Server push is disabled, so every stream is one of ours.
        ch.pipeline().addLast(codec, streams);
      }
    }).connect(endpoint.host(), endpoint.port()).addListener((ChannelFuture f) -> {
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
      connection.codec = codec;
      connection.streams = streams;
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
}
