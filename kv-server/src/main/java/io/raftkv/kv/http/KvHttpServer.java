package io.raftkv.kv.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.http.stream.OpenStreams;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing HTTP server: HTTP/1.1 (keep-alive, pipelining) and cleartext HTTP/2 (prior knowledge
 * and {@code Upgrade: h2c}) on one port, serving the API of docs/API.md over a {@link KvService}.
 *
 * <p>Usage: {@code KvHttpServer server = KvHttpServer.start(config, service); server.port(); ...
 * server.close();}. {@link #close()} stops accepting, aborts open streamed responses (closing their
 * sources), lets in-flight responses drain for a moment, and releases the event loops; it does not close
 * the service.
 */
public final class KvHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KvHttpServer.class);

  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final Channel serverChannel;
  private final InFlightLimiter limiter;
  private final OpenStreams streams;
  private final ExecutorService statusExecutor;
  private final Router router;

  private KvHttpServer(EventLoopGroup bossGroup, EventLoopGroup workerGroup, Channel serverChannel,
      InFlightLimiter limiter, OpenStreams streams, ExecutorService statusExecutor, Router router) {
    this.router = router;
    this.bossGroup = bossGroup;
    this.workerGroup = workerGroup;
    this.serverChannel = serverChannel;
    this.limiter = limiter;
    this.streams = streams;
    this.statusExecutor = statusExecutor;
  }

  /** Binds and starts serving; throws if the address cannot be bound. */
  public static KvHttpServer start(HttpServerConfig config, KvService service) throws InterruptedException {
    return start(config, service, OpenStreams.DEFAULT_MAX_STREAMS, List.of());
  }

  /** As {@link #start(HttpServerConfig, KvService)}, with at most {@code maxStreams} streams (watches) open. */
  public static KvHttpServer start(HttpServerConfig config, KvService service, int maxStreams)
      throws InterruptedException {
    return start(config, service, maxStreams, List.of());
  }

  static KvHttpServer start(HttpServerConfig config, KvService service, int maxStreams,
      List<Router.Route> routes) throws InterruptedException {
    return start(config, service, maxStreams, routes, Observability.NONE, false);
  }

  /**
   * As {@link #start(HttpServerConfig, KvService)}, also serving {@code observability}'s {@code /metrics},
   * {@code /livez} and {@code /readyz} and reporting every request to its observer.
   */
  public static KvHttpServer start(HttpServerConfig config, KvService service, Observability observability)
      throws InterruptedException {
    return start(config, service, OpenStreams.DEFAULT_MAX_STREAMS, observability);
  }

  /** As {@link #start(HttpServerConfig, KvService, Observability)}, with at most {@code maxStreams} open. */
  public static KvHttpServer start(HttpServerConfig config, KvService service, int maxStreams,
      Observability observability) throws InterruptedException {
    return start(config, service, maxStreams, observability, null);
  }

  /**
   * As {@link #start(HttpServerConfig, KvService, int, Observability)}; with {@code local} (a node started by
   * {@code raftkv local}, else null) the dashboard reports the launcher and {@code /v1/local/isolation} exists.
   */
  public static KvHttpServer start(HttpServerConfig config, KvService service, int maxStreams,
      Observability observability, LocalMode local) throws InterruptedException {
    return start(config, service, maxStreams, LocalRoutes.routes(local), observability, false, local);
  }

  /**
   * A server answering only {@code /metrics}, {@code /livez} and {@code /readyz} (everything else 404), for
   * {@code --metrics-listen}: a plain port that a later client-port auth check deliberately does not cover,
   * so scrapers and kubelets need no credentials. It serves no data and accepts no writes.
   */
  public static KvHttpServer startProbes(HttpServerConfig config, Observability observability)
      throws InterruptedException {
    return start(config, null, OpenStreams.DEFAULT_MAX_STREAMS, List.of(), observability, true);
  }

  private static KvHttpServer start(HttpServerConfig config, KvService service, int maxStreams,
      List<Router.Route> routes, Observability observability, boolean probesOnly) throws InterruptedException {
    return start(config, service, maxStreams, routes, observability, probesOnly, null);
  }

  /** Every server but the metrics port also serves the dashboard ({@code /ui}). */
  private static KvHttpServer start(HttpServerConfig config, KvService service, int maxStreams,
      List<Router.Route> extraRoutes, Observability observability, boolean probesOnly, LocalMode local)
      throws InterruptedException {
    List<Router.Route> routes = new ArrayList<>(extraRoutes);
    if (!probesOnly) {
      routes.addAll(DashboardRoutes.routes(local));
    }
    boolean epoll = config.preferEpoll() && Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(config.workerThreads(), io);
    InFlightLimiter limiter = new InFlightLimiter(config.maxInFlight());
    OpenStreams streams = new OpenStreams(maxStreams);
    // Status calls may block on the Raft loop; two threads keep /health answering while one waits.
    ExecutorService statusExecutor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http-status");
      t.setDaemon(true);
      return t;
    });
    Router router = new Router(service, config, statusExecutor, routes, observability, probesOnly);
    try {
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(boss, workers)
          .channel(channelType)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new KvHttpInitializer(config, router, limiter,
              streams));
      Channel ch = bootstrap.bind(config.host(), config.port()).sync().channel();
      log.info("HTTP API listening on {} ({})", ch.localAddress(), epoll ? "epoll" : "nio");
      return new KvHttpServer(boss, workers, ch, limiter, streams, statusExecutor, router);
    } catch (InterruptedException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      statusExecutor.shutdownNow();
      router.close();
      throw e;
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Requests currently admitted and not yet answered. */
  public int inFlight() {
    return limiter.inFlight();
  }

  /** Long polls waiting now on a parked permit instead of an in-flight one. */
  int parkedLongPolls() {
    return limiter.parked();
  }

  /** Streamed responses open now. */
  int openStreams() {
    return streams.count();
  }

  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly();
    // Streams never finish on their own the way requests do; end them (closing their sources) first.
    streams.closeAll();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workerGroup.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    statusExecutor.shutdownNow();
    router.close();
  }
}
