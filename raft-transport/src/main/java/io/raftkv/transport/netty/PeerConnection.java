package io.raftkv.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.raftkv.raft.proto.Message;
import io.raftkv.transport.codec.MessageCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one long-lived outbound connection to one peer, with its bounded queue and reconnect loop.
 *
 * <p>Threading: {@link #send} runs on any thread and only enqueues; everything else runs on the single
 * event loop this connection was given, which also owns the channel, so the fields below marked
 * "loop-confined" need no synchronization.
 *
 * <p>States: IDLE (never connected) -> CONNECTING -> CONNECTED -> BACKOFF -> CONNECTING ... and CLOSED
 * from anywhere. The first send starts the first attempt; after that the connection is re-established
 * forever with {@link Backoff} until {@link #close()}, so a recovered peer is found without traffic.
 *
 * <p>Delivery rules:
 * <ul>
 *   <li>CONNECTING: messages wait in the queue.
 *   <li>CONNECTED: the queue is drained while the channel is writable; bytes beyond the high water mark
 *       wait in the queue, not in Netty's buffer (back-pressure).
 *   <li>BACKOFF (attempt failed or connection lost), or queue full: messages are dropped and the peer is
 *       reported unreachable. Raft retransmits (§5.3); holding stale messages would only delay it.
 * </ul>
 * Writes are pipelined and coalesced: a drain writes every message it can, then flushes once; it also
 * flushes as soon as {@code flushThresholdBytes} are pending, so a large snapshot chunk is handed to the
 * socket alone and heartbeats queued behind it wait for at most about one chunk (plus the water mark).
 *
 * <p>Unreachable reports are coalesced: at most one per connection attempt or successful drain.
 */
final class PeerConnection {

  private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);

  /** Messages written per event-loop task before yielding to other channels on the same loop. */
  private static final int MAX_WRITES_PER_DRAIN = 1024;

  private enum State { IDLE, CONNECTING, CONNECTED, BACKOFF, CLOSED }

  private final String peerId;
  private final InetSocketAddress address;
  private final String clusterId;
  private final int maxFrameBytes;
  private final int flushThresholdBytes;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final OutboundQueue queue;
  private final Consumer<String> onUnreachable;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean unreachableReported = new AtomicBoolean();

  private volatile State state = State.IDLE; // written on the loop only; read anywhere
  private Channel channel; // loop-confined; non-null iff state == CONNECTED
  private long connectedAtNanos; // loop-confined
  private boolean loggedDown; // loop-confined: one WARN per outage, DEBUG for the retries
  private ScheduledFuture<?> reconnect; // loop-confined
  private final Backoff backoff;
  /** Frame bytes handed to the socket for this peer; shared with the transport, outlives this connection. */
  private final LongAdder sentBytes;

  PeerConnection(String peerId, InetSocketAddress address, TransportConfig cfg, EventLoop loop,
      Bootstrap bootstrap, Consumer<String> onUnreachable, LongAdder sentBytes) {
    this.peerId = peerId;
    this.address = address;
    this.clusterId = cfg.clusterId();
    this.maxFrameBytes = cfg.maxFrameBytes();
    this.flushThresholdBytes = cfg.flushThresholdBytes();
    this.loop = loop;
    this.bootstrap = bootstrap.clone().group(loop).handler(new OutboundChannelHandler(this));
    this.queue = new OutboundQueue(cfg.maxQueuedMessages(), cfg.maxQueuedBytes());
    this.onUnreachable = onUnreachable;
    this.sentBytes = sentBytes;
    this.backoff = new Backoff(cfg.minBackoff().toMillis(), cfg.maxBackoff().toMillis());
  }

  InetSocketAddress address() {
    return address;
  }

  /** Enqueues {@code m} for the peer; never blocks. */
  void send(Message m) {
    if (state == State.CLOSED) {
      reportUnreachable();
      return;
    }
    if (!queue.offer(m)) {
      // Back-pressure: the peer (or the network) is slower than we produce; Raft will resend.
      reportUnreachable();
      return;
    }
    scheduleDrain();
  }

  /** Closes the connection and drops whatever is queued; idempotent, any thread. */
  void close() {
    state = State.CLOSED;
    runOnLoop(this::doClose);
  }

  /** Called by {@link OutboundChannelHandler} when the channel drains below its low water mark. */
  void onWritable() {
    scheduleDrain();
  }

  /**
   * The peer just connected to us, so it is up: if we are waiting out a reconnect delay, connect now
   * with a fresh backoff. Without this, a restarted peer stays unreachable in our direction for up to
   * {@code maxBackoff} (its delay grew while it was down), which stalled the first election after a
   * leader crash for over a second when the other survivor had itself just restarted. Any thread.
   */
  void peerAlive() {
    runOnLoop(() -> {
      if (state != State.BACKOFF) {
        return;
      }
      if (reconnect != null) {
        reconnect.cancel(false);
      }
      backoff.reset();
      log.debug("peer {} connected to us; reconnecting now", peerId);
      connect();
    });
  }

  /** True while a connection to the peer is established (for tests and status). */
  boolean isConnected() {
    return state == State.CONNECTED;
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      runOnLoop(this::drain);
    }
  }

  private void drain() {
    drainScheduled.set(false);
    switch (state) {
      case IDLE -> connect();
      case CONNECTING -> { }
      case CONNECTED -> writeQueued();
      case BACKOFF -> dropQueued();
      case CLOSED -> queue.clear();
    }
  }

  private void writeQueued() {
    int written = 0;
    long unflushed = 0;
    while (channel.isWritable() && written < MAX_WRITES_PER_DRAIN) {
      Message m = queue.poll();
      if (m == null) {
        break;
      }
      ByteBuf frame;
      try {
        frame = FrameCodec.encode(channel.alloc(), MessageCodec.toEnvelope(clusterId, m));
      } catch (RuntimeException e) {
        log.error("cannot encode {} for peer {}; dropped", m.getClass().getSimpleName(), peerId, e);
        continue;
      }
      int size = frame.readableBytes() - FrameCodec.LENGTH_BYTES;
      if (size > maxFrameBytes) {
        // The receiver would close the connection on it; refusing here keeps the connection up.
        frame.release();
        log.error("{} to {} is {} bytes, above maxFrameBytes {}; dropped", m.getClass().getSimpleName(), peerId,
            size, maxFrameBytes);
        reportUnreachable();
        continue;
      }
      int frameBytes = frame.readableBytes();
      channel.write(frame, channel.voidPromise());
      written++;
      unflushed += frameBytes;
      sentBytes.add(frameBytes);
      if (unflushed >= flushThresholdBytes) {
        channel.flush();
        unflushed = 0;
      }
    }
    if (unflushed > 0) {
      channel.flush();
    }
    if (written > 0) {
      unreachableReported.set(false);
    }
    if (!queue.isEmpty() && channel.isWritable()) {
      scheduleDrain(); // yielded after MAX_WRITES_PER_DRAIN; continue in a later loop turn
    }
  }

  private void connect() {
    state = State.CONNECTING;
    reconnect = null;
    ChannelFuture f = bootstrap.connect(address);
    // A channel that failed to register notifies on Netty's global executor: hop back to our loop.
    f.addListener(ignored -> runOnLoop(() -> onConnectDone(f)));
  }

  private void onConnectDone(ChannelFuture f) {
    if (state == State.CLOSED) {
      f.channel().close();
      return;
    }
    if (!f.isSuccess()) {
      if (!loggedDown) {
        log.warn("cannot connect to peer {} at {}: {}", peerId, address, f.cause().toString());
        loggedDown = true;
      } else {
        log.debug("still cannot connect to peer {} at {}: {}", peerId, address, f.cause().toString());
      }
      unreachableReported.set(false); // one fresh report per failed attempt
      enterBackoff();
      return;
    }
    log.info("connected to peer {} at {}", peerId, address);
    loggedDown = false;
    channel = f.channel();
    connectedAtNanos = System.nanoTime();
    state = State.CONNECTED;
    unreachableReported.set(false);
    Channel ch = channel;
    ch.closeFuture().addListener(ignored -> onChannelClosed(ch));
    writeQueued();
  }

  private void onChannelClosed(Channel ch) {
    if (ch != channel || state == State.CLOSED) {
      return;
    }
    channel = null;
    backoff.connectionLasted(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAtNanos));
    log.warn("connection to peer {} at {} lost", peerId, address);
    loggedDown = true;
    // Frames still in Netty's buffer were lost with the connection.
    reportUnreachable();
    enterBackoff();
  }

  private void enterBackoff() {
    state = State.BACKOFF;
    dropQueued();
    long delay = backoff.next();
    try {
      reconnect = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      state = State.CLOSED; // the transport is shutting down
    }
  }

  private void dropQueued() {
    if (queue.clear() > 0) {
      reportUnreachable();
    }
  }

  private void doClose() {
    state = State.CLOSED;
    if (reconnect != null) {
      reconnect.cancel(false);
      reconnect = null;
    }
    if (channel != null) {
      channel.close();
      channel = null;
    }
    queue.clear();
  }

  private void reportUnreachable() {
    if (unreachableReported.compareAndSet(false, true)) {
      // Never on the sender's thread: the handler enqueues into the caller's own event loop.
      runOnLoop(() -> onUnreachable.accept(peerId));
    }
  }

  /** Runs {@code r} on this connection's loop (inline if already there); a no-op once the loop is gone. */
  private void runOnLoop(Runnable r) {
    if (loop.inEventLoop()) {
      r.run();
      return;
    }
    try {
      loop.execute(r);
    } catch (RejectedExecutionException e) {
      // The transport is closing: its loops no longer run tasks, and nothing is left to deliver.
    }
  }
}
