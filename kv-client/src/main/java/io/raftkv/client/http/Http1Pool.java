package io.raftkv.client.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 keep-alive connections to one endpoint, at most one outstanding request per connection (no
 * pipelining: a pipelined request behind a lost response would have an unknown outcome too).
 *
 * <p>Thread confinement: all state lives on one event loop, which also owns every channel of the pool.
 * Invariants: {@code open} counts connections connecting or connected, {@code open <= maxConnections};
 * a channel is in {@code idle} only while active and without an exchange.
 */
final class Http1Pool implements EndpointPool {

  private final Endpoint endpoint;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final int maxConnections;
  private final Duration requestTimeout;
  private final ArrayDeque<Channel> idle = new ArrayDeque<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private int open;
  private boolean closed;

  Http1Pool(Endpoint endpoint, EventLoop loop, PoolSettings settings) {
    this.endpoint = endpoint;
    this.loop = loop;
    this.maxConnections = settings.connections();
    this.requestTimeout = settings.requestTimeout();
    this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(settings.maxResponseBytes()),
                new ResponseHandler());
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
    exchange.armTimeout(loop, requestTimeout);
    Channel channel = pollIdle();
    if (channel != null) {
      write(channel, exchange);
    } else if (open < maxConnections) {
      connect(exchange);
    } else {
      waiting.add(exchange);
    }
  }

  private Channel pollIdle() {
    Channel channel;
    while ((channel = idle.pollFirst()) != null) {
      if (channel.isActive()) {
        return channel;
      }
    }
    return null;
  }

  private void connect(Exchange first) {
    open++;
    bootstrap.connect(endpoint.host(), endpoint.port()).addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        open--;
        first.fail("connect failed: " + f.cause().getMessage(), f.cause());
        if (open == 0) {
          // Nothing left that could serve the queue: the endpoint is down, let failover move on.
          failWaiting("connect failed: " + f.cause().getMessage(), f.cause());
        }
        return;
      }
      Channel channel = f.channel();
      channel.closeFuture().addListener(c -> onClosed(channel));
      if (closed) {
        channel.close();
        first.fail("client closed", null);
        return;
      }
      write(channel, first);
    });
  }

  private void write(Channel channel, Exchange exchange) {
    if (exchange.isDone()) {
      release(channel);
      return;
    }
    exchange.assign(channel);
    channel.pipeline().get(ResponseHandler.class).current = exchange;
    channel.writeAndFlush(exchange.toNettyRequest()).addListener(f -> {
      if (f.isSuccess()) {
        exchange.markSent();
      } else {
        // Not completely written: the server cannot have a whole request to apply.
        exchange.fail("write failed: " + f.cause().getMessage(), f.cause());
        channel.close();
      }
    });
  }

  private void release(Channel channel) {
    if (!channel.isActive()) {
      return;
    }
    Exchange next;
    while ((next = waiting.pollFirst()) != null) {
      if (!next.isDone()) {
        write(channel, next);
        return;
      }
    }
    if (closed) {
      channel.close();
    } else {
      idle.addFirst(channel);
    }
  }

  private void onClosed(Channel channel) {
    open--;
    idle.remove(channel);
    if (!closed && open < maxConnections) {
      Exchange next;
      while ((next = waiting.pollFirst()) != null) {
        if (!next.isDone()) {
          connect(next);
          return;
        }
      }
    }
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
      Channel channel;
      while ((channel = idle.pollFirst()) != null) {
        channel.close();
      }
    });
  }

  /** Completes the channel's current exchange and hands the connection back to the pool. */
  private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private Exchange current;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
      Exchange exchange = current;
      current = null;
      if (exchange == null || exchange.isDone()) {
        // A response to an exchange that timed out: the connection's request/response pairing is lost.
        ctx.close();
        return;
      }
      exchange.succeed(response);
      if (HttpUtil.isKeepAlive(response)) {
        release(ctx.channel());
      } else {
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (current != null) {
        current.fail("connection closed before the response", null);
        current = null;
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (current != null) {
        current.fail("connection error: " + cause.getMessage(), cause);
        current = null;
      }
      ctx.close();
    }
  }
}
