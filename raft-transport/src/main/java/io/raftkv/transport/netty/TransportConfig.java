package io.raftkv.transport.netty;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link NettyTransport}. Build with {@link #of} and adjust with the {@code with...} methods.
 *
 * @param clusterId stamped on every frame; frames carrying another id are rejected
 * @param selfId this node's id: the sender id of every outgoing frame and the only accepted recipient id
 * @param bind where to listen for peers (port 0 picks a free port, see {@link NettyTransport#localAddress()})
 * @param peers the other members and their addresses; frames from ids outside this map are rejected
 * @param maxFrameBytes largest accepted frame body; must exceed the snapshot chunk size (default 1 MiB)
 *     plus envelope overhead, and the largest AppendEntries batch. Default 32 MiB.
 * @param ioThreads worker event-loop threads shared by all connections (plus one acceptor thread)
 * @param maxQueuedMessages bound of each peer's outbound queue, in messages
 * @param maxQueuedBytes bound of each peer's outbound queue, in estimated encoded bytes
 * @param connectTimeout how long one connection attempt may take
 * @param minBackoff first reconnect delay after a failed attempt or a lost connection
 * @param maxBackoff cap of the doubling reconnect delay
 * @param flushThresholdBytes flush as soon as this many bytes were written since the last flush, so a
 *     large frame (a snapshot chunk) goes to the socket alone instead of waiting for its batch
 * @param preferEpoll use native epoll when available (false forces NIO, e.g. to test both)
 */
public record TransportConfig(
    String clusterId,
    String selfId,
    InetSocketAddress bind,
    Map<String, InetSocketAddress> peers,
    int maxFrameBytes,
    int ioThreads,
    int maxQueuedMessages,
    long maxQueuedBytes,
    Duration connectTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    int flushThresholdBytes,
    boolean preferEpoll) {

  public static final int DEFAULT_MAX_FRAME_BYTES = 32 << 20;
  /** Smallest allowed maxFrameBytes: a default 1 MiB snapshot chunk plus generous envelope overhead. */
  public static final int MIN_MAX_FRAME_BYTES = (1 << 20) + (64 << 10);

  public TransportConfig {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(selfId, "selfId");
    Objects.requireNonNull(bind, "bind");
    peers = Map.copyOf(peers);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(minBackoff, "minBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (clusterId.isEmpty() || selfId.isEmpty()) {
      throw new IllegalArgumentException("clusterId and selfId must be non-empty");
    }
    if (maxFrameBytes < MIN_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be >= " + MIN_MAX_FRAME_BYTES
          + " (a 1 MiB snapshot chunk plus overhead), got " + maxFrameBytes);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be >= 1, got " + ioThreads);
    }
    if (maxQueuedMessages < 1 || maxQueuedBytes < 1) {
      throw new IllegalArgumentException("outbound queue bounds must be positive");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
    }
    if (flushThresholdBytes < 1) {
      throw new IllegalArgumentException("flushThresholdBytes must be positive");
    }
  }

  /** Defaults: 32 MiB frames, 2 I/O threads, 4096 messages / 64 MiB per peer, backoff 50 ms to 2 s. */
  public static TransportConfig of(
      String clusterId, String selfId, InetSocketAddress bind, Map<String, InetSocketAddress> peers) {
    return new TransportConfig(clusterId, selfId, bind, peers, DEFAULT_MAX_FRAME_BYTES, 2, 4096, 64L << 20,
        Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofSeconds(2), 64 << 10, true);
  }

  public TransportConfig withPeers(Map<String, InetSocketAddress> v) {
    return new TransportConfig(clusterId, selfId, bind, v, maxFrameBytes, ioThreads, maxQueuedMessages,
        maxQueuedBytes, connectTimeout, minBackoff, maxBackoff, flushThresholdBytes, preferEpoll);
  }

  public TransportConfig withBind(InetSocketAddress v) {
    return new TransportConfig(clusterId, selfId, v, peers, maxFrameBytes, ioThreads, maxQueuedMessages,
        maxQueuedBytes, connectTimeout, minBackoff, maxBackoff, flushThresholdBytes, preferEpoll);
  }

  public TransportConfig withMaxFrameBytes(int v) {
    return new TransportConfig(clusterId, selfId, bind, peers, v, ioThreads, maxQueuedMessages,
        maxQueuedBytes, connectTimeout, minBackoff, maxBackoff, flushThresholdBytes, preferEpoll);
  }

  public TransportConfig withIoThreads(int v) {
    return new TransportConfig(clusterId, selfId, bind, peers, maxFrameBytes, v, maxQueuedMessages,
        maxQueuedBytes, connectTimeout, minBackoff, maxBackoff, flushThresholdBytes, preferEpoll);
  }

  public TransportConfig withQueueBounds(int messages, long bytes) {
    return new TransportConfig(clusterId, selfId, bind, peers, maxFrameBytes, ioThreads, messages, bytes,
        connectTimeout, minBackoff, maxBackoff, flushThresholdBytes, preferEpoll);
  }

  public TransportConfig withBackoff(Duration min, Duration max) {
    return new TransportConfig(clusterId, selfId, bind, peers, maxFrameBytes, ioThreads, maxQueuedMessages,
        maxQueuedBytes, connectTimeout, min, max, flushThresholdBytes, preferEpoll);
  }

  public TransportConfig withPreferEpoll(boolean v) {
    return new TransportConfig(clusterId, selfId, bind, peers, maxFrameBytes, ioThreads, maxQueuedMessages,
        maxQueuedBytes, connectTimeout, minBackoff, maxBackoff, flushThresholdBytes, v);
  }
}
