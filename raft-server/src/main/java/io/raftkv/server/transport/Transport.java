package io.raftkv.server.transport;

import io.raftkv.raft.proto.Message;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Carries Raft messages between the members of one cluster (the "send RPC" of Figure 2).
 *
 * <p>Raft tolerates lost, duplicated and delayed messages: every RPC is retried by the protocol itself
 * (§5.3: "if followers crash or run slowly, or if network packets are lost, the leader retries
 * AppendEntries RPCs indefinitely"). A transport therefore never blocks and never retries on its own; it
 * may drop a message, and when it drops one because the peer cannot be reached (no connection, queue
 * full, peer unknown) it reports that through {@link InboundHandler#onUnreachable(String)} so the leader
 * can fall back to probing that follower (etcd's {@code ReportUnreachable}).
 *
 * <p>Lifecycle: {@link #start(InboundHandler)} once, then {@link #send(Message)} and
 * {@link #updatePeers(Map)} from any thread, then {@link #close()} (idempotent). Messages from one sender
 * to one receiver are delivered in the order they were sent, or not at all (implementations that
 * simulate a network may document otherwise, e.g. random delays).
 *
 * <p>Implementations: {@code InMemoryTransport} (this module's test-jar) and
 * {@code io.raftkv.transport.netty.NettyTransport} (raft-transport). The SPI lives here, with the node
 * runtime that calls it, so raft-server depends on no wire library; the Netty adapter depends on it.
 */
public interface Transport extends AutoCloseable {

  /**
   * Starts accepting messages for this node and delivering them to {@code handler}. Blocks until the
   * transport is ready (for TCP: the listening socket is bound).
   *
   * @throws IllegalStateException if already started or closed
   * @throws java.io.UncheckedIOException if the transport cannot listen
   */
  void start(InboundHandler handler);

  /**
   * Queues {@code m} for delivery to {@code m.to()} and returns at once; thread-safe. The message may be
   * dropped; if it is dropped because the peer is unreachable, {@link InboundHandler#onUnreachable} is
   * called later with {@code m.to()} (never on the calling thread).
   *
   * @throws IllegalArgumentException if {@code m.from()} is not this node's id
   */
  void send(Message m);

  /**
   * Replaces the set of known peers (node id to address), e.g. after a membership change. Connections to
   * removed peers are closed; messages from unknown senders are rejected.
   */
  void updatePeers(Map<String, InetSocketAddress> peers);

  /** The address peers reach this node on (the bound port when configured with port 0). */
  InetSocketAddress localAddress();

  /** Closes connections and stops delivery; idempotent. Messages still queued are dropped. */
  @Override
  void close();
}
