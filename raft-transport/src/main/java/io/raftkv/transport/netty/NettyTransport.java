package io.raftkv.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.raftkv.raft.proto.Message;
import io.raftkv.server.transport.InboundHandler;
import io.raftkv.server.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} over TCP with Netty: length-prefixed protobuf frames ({@link FrameCodec}), one
 * long-lived pipelined outbound connection per peer ({@link PeerConnection}), and a listening socket for
 * the peers' connections ({@link InboundChannelInitializer}, {@link InboundDispatcher}).
 *
 * <p>Each direction of a pair uses its own connection: A's messages to B travel on the connection A
 * opened, B's replies on the one B opened. So a connection has one writer and no request/response
 * matching, and every message can be written without waiting for any reply.
 *
 * <p>Threads: one acceptor and {@link TransportConfig#ioThreads()} workers (daemon), created by
 * {@link #start} and stopped by {@link #close}. {@link InboundHandler} callbacks run on the workers.
 *
 * <p>Usage: {@code try (var t = NettyTransport.create(cfg)) { t.start(handler); t.send(m); }}.
 */
public final class NettyTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

  /** Netty buffers at most this much per connection before the channel reports unwritable. */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 << 10, 2 << 20);

  private final TransportConfig cfg;
  private final Object lock = new Object(); // guards lifecycle and the connections map's membership
  private final Map<String, PeerConnection> connections = new ConcurrentHashMap<>();
  /** Frame bytes written to each peer since start (monotonic: survives reconnects and address changes). */
  private final Map<String, LongAdder> sentBytes = new ConcurrentHashMap<>();
  private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet(); // log each unknown peer once
  private volatile Map<String, InetSocketAddress> peers;
  private volatile InboundHandler handler;
  private volatile boolean closed;
  private IoResources io;
  private Bootstrap clientBootstrap;
  private Channel serverChannel;
  private ChannelGroup accepted;

  private NettyTransport(TransportConfig cfg) {
    this.cfg = cfg;
    this.peers = cfg.peers();
  }

  /** A transport for {@code cfg}; nothing is bound or started until {@link #start}. */
  public static NettyTransport create(TransportConfig cfg) {
    return new NettyTransport(Objects.requireNonNull(cfg, "cfg"));
  }

  @Override
  public void start(InboundHandler handler) {
    Objects.requireNonNull(handler, "handler");
    synchronized (lock) {
      if (closed || this.handler != null) {
        throw new IllegalStateException("transport of " + cfg.selfId() + " already " + (closed ? "closed" : "started"));
      }
      io = IoResources.create("raft-transport-" + cfg.selfId(), cfg.ioThreads(), cfg.preferEpoll());
      accepted = new DefaultChannelGroup("peers-of-" + cfg.selfId(), GlobalEventExecutor.INSTANCE);
      clientBootstrap = new Bootstrap()
          .channel(io.channelClass)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.SO_KEEPALIVE, true)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, cfg.connectTimeout().toMillis()));
      ServerBootstrap server = new ServerBootstrap()
          .group(io.boss, io.workers)
          .channel(io.serverChannelClass)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childHandler(new InboundChannelInitializer(cfg, this::isKnownPeer, handler, accepted,
              this::peerAlive));
      ChannelFuture bound = server.bind(cfg.bind()).awaitUninterruptibly();
      if (!bound.isSuccess()) {
        io.close();
        closed = true;
        Throwable cause = bound.cause();
        throw new UncheckedIOException(new IOException("cannot listen on " + cfg.bind() + ": " + cause.getMessage(), cause));
      }
      serverChannel = bound.channel();
      this.handler = handler;
      log.info("node {} of cluster {} listening for peers on {} ({})", cfg.selfId(), cfg.clusterId(),
          serverChannel.localAddress(), io.epoll ? "epoll" : "nio");
    }
  }

  @Override
  public void send(Message m) {
    if (!cfg.selfId().equals(m.from())) {
      throw new IllegalArgumentException("transport of " + cfg.selfId() + " cannot send a message from " + m.from());
    }
    PeerConnection c = connections.get(m.to());
    if (c == null) {
      c = connectionFor(m.to());
      if (c == null) {
        return; // closed, or unknown peer (already reported)
      }
    }
    c.send(m);
  }

  @Override
  public void updatePeers(Map<String, InetSocketAddress> newPeers) {
    synchronized (lock) {
      peers = Map.copyOf(newPeers);
      connections.entrySet().removeIf(e -> {
        boolean stale = !e.getValue().address().equals(peers.get(e.getKey()));
        if (stale) {
          e.getValue().close();
        }
        return stale;
      });
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    synchronized (lock) {
      if (serverChannel == null) {
        throw new IllegalStateException("transport of " + cfg.selfId() + " is not started");
      }
      return (InetSocketAddress) serverChannel.localAddress();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      connections.values().forEach(PeerConnection::close);
      connections.clear();
      if (io != null) {
        serverChannel.close().awaitUninterruptibly();
        accepted.close().awaitUninterruptibly();
        io.close();
      }
    }
  }

  /** Whether the outbound connection to {@code peerId} is currently established (status, tests). */
  public boolean isConnected(String peerId) {
    PeerConnection c = connections.get(peerId);
    return c != null && c.isConnected();
  }

  /** Bytes written to {@code peerId}'s connections since start, frame headers included (metrics). */
  public long sentBytes(String peerId) {
    LongAdder a = sentBytes.get(peerId);
    return a == null ? 0 : a.sum();
  }

  /** Whether this transport uses native epoll (else NIO). */
  public boolean usesEpoll() {
    synchronized (lock) {
      return io != null && io.epoll;
    }
  }

  private void peerAlive(String id) {
    PeerConnection c = connections.get(id);
    if (c != null) {
      c.peerAlive();
    }
  }

  private boolean isKnownPeer(String id) {
    return peers.containsKey(id);
  }

  private PeerConnection connectionFor(String peerId) {
    synchronized (lock) {
      if (handler == null) {
        if (closed) {
          return null;
        }
        throw new IllegalStateException("transport of " + cfg.selfId() + " is not started");
      }
      if (closed) {
        return null;
      }
      PeerConnection c = connections.get(peerId);
      if (c != null) {
        return c;
      }
      InetSocketAddress address = peers.get(peerId);
      if (address == null) {
        if (warnedUnknown.add(peerId)) {
          log.warn("no address for peer '{}'; dropping messages to it", peerId);
        }
        InboundHandler h = handler;
        io.workers.execute(() -> h.onUnreachable(peerId));
        return null;
      }
      c = new PeerConnection(peerId, address, cfg, io.workers.next(), clientBootstrap, handler::onUnreachable,
          sentBytes.computeIfAbsent(peerId, p -> new LongAdder()));
      connections.put(peerId, c);
      return c;
    }
  }
}
