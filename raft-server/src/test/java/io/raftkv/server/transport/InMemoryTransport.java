package io.raftkv.server.transport;

import io.raftkv.raft.proto.Message;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Transport} on an {@link InMemoryNetwork}: messages are routed by node id, never serialized.
 *
 * <p>Threading: each transport owns one delivery thread; every {@link InboundHandler} call for this node
 * (incoming messages and unreachable reports about its own sends) runs there, in order. Without delay,
 * messages between one pair arrive in send order.
 *
 * <p>{@link #updatePeers(Map)} only records the addresses; reachability is the network's business
 * ({@link InMemoryNetwork#disconnect(String, String)}).
 */
public final class InMemoryTransport implements Transport {

  private final String id;
  private final InMemoryNetwork network;
  private final ScheduledExecutorService delivery;
  private volatile InboundHandler handler;
  private volatile boolean closed;
  private volatile Map<String, InetSocketAddress> peers = Map.of();

  InMemoryTransport(String id, InMemoryNetwork network) {
    this.id = id;
    this.network = network;
    this.delivery = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "inmem-transport-" + id);
      t.setDaemon(true);
      return t;
    });
  }

  public String id() {
    return id;
  }

  @Override
  public synchronized void start(InboundHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (closed || this.handler != null) {
      throw new IllegalStateException("transport " + id + " already " + (closed ? "closed" : "started"));
    }
    this.handler = handler;
  }

  @Override
  public void send(Message m) {
    if (!id.equals(m.from())) {
      throw new IllegalArgumentException("transport of " + id + " cannot send a message from " + m.from());
    }
    if (closed) {
      return;
    }
    network.route(this, m);
  }

  @Override
  public void updatePeers(Map<String, InetSocketAddress> peers) {
    this.peers = Map.copyOf(peers);
  }

  /** The addresses last given to {@link #updatePeers(Map)}. */
  public Map<String, InetSocketAddress> peers() {
    return peers;
  }

  @Override
  public InetSocketAddress localAddress() {
    return InetSocketAddress.createUnresolved("inmem-" + id, 0);
  }

  @Override
  public void close() {
    closed = true;
    network.unregister(this);
    delivery.shutdownNow();
  }

  boolean isAccepting() {
    return handler != null && !closed;
  }

  void deliver(Message m, long delayNanos) {
    run(() -> handler.onMessage(m), delayNanos);
  }

  void reportUnreachable(String peerId) {
    run(() -> handler.onUnreachable(peerId), 0);
  }

  private void run(Runnable r, long delayNanos) {
    Runnable guarded = () -> {
      if (!closed && handler != null) {
        r.run();
      }
    };
    try {
      if (delayNanos > 0) {
        delivery.schedule(guarded, delayNanos, TimeUnit.NANOSECONDS);
      } else {
        delivery.execute(guarded);
      }
    } catch (RejectedExecutionException e) {
      // Closed concurrently: the message is lost, as on a real network.
    }
  }
}
