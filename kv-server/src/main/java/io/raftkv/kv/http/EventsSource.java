package io.raftkv.kv.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.raftkv.api.NodeEvent;
import io.raftkv.kv.api.NodeEventFeed;
import io.raftkv.kv.http.stream.Chunk;
import io.raftkv.kv.http.stream.ChunkSource;
import io.raftkv.kv.http.stream.DataSignal;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The body of one {@code /v1/events} stream (Server-Sent Events): {@code hello} first, then the viewer's
 * queued events as they come and a {@code status} whenever the {@link EventsEndpoint}'s ticker says its
 * interval elapsed. Pulled only while the connection is writable: a client that stops reading leaves its
 * events in the viewer's bounded queue (which drops the oldest) and misses status ticks, never growing a
 * buffer here; the next event it gets is preceded by {@code dropped}.
 *
 * <p>Threads: {@link #next} and {@link #close} on the stream's event loop; {@link #tick} on the ticker,
 * which only sets a flag and signals.
 */
final class EventsSource implements ChunkSource {

  /** Queued events written per pull, so one viewer holds its event loop only briefly. */
  static final int EVENTS_PER_PULL = 64;

  private final NodeEventFeed feed;
  private final NodeEventFeed.Viewer viewer;
  private final long intervalNanos;
  private final LongSupplier clockMillis;
  private final Runnable onClose;
  private final AtomicBoolean statusDue = new AtomicBoolean();
  private volatile DataSignal signal;
  /** Ticker thread only: when the next status is due. */
  private long nextStatusNanos;
  private boolean helloSent;

  EventsSource(NodeEventFeed feed, long intervalMillis, LongSupplier clockMillis, long nowNanos,
      Runnable onClose) {
    this.feed = feed;
    this.viewer = feed.open(this::wake);
    this.intervalNanos = intervalMillis * 1_000_000;
    this.clockMillis = clockMillis;
    this.onClose = onClose;
    this.nextStatusNanos = nowNanos;
  }

  @Override
  public void start(DataSignal signal) {
    this.signal = signal;
  }

  private void wake() {
    DataSignal s = signal;
    if (s != null) {
      s.dataAvailable();
    }
  }

  /** Ticker: asks for a status message once this stream's interval elapsed. */
  void tick(long nowNanos) {
    if (nowNanos - nextStatusNanos >= 0) {
      nextStatusNanos = nowNanos + intervalNanos;
      statusDue.set(true);
      wake();
    }
  }

  @Override
  public Chunk next(ByteBufAllocator alloc) {
    ByteBuf buf = null;
    if (!helloSent) {
      helloSent = true;
      buf = write(alloc, null, feed.nextId(), feed.hello());
    }
    for (int i = 0; i < EVENTS_PER_PULL; i++) {
      long dropped = viewer.takeDropped();
      if (dropped > 0) {
        buf = write(alloc, buf, feed.nextId(), new NodeEvent.Dropped(feed.hello().node(), clockMillis.getAsLong(),
            dropped));
      }
      NodeEventFeed.Item item = viewer.poll();
      if (item == null) {
        break;
      }
      buf = write(alloc, buf, item.id(), item.event());
      if (i == EVENTS_PER_PULL - 1) {
        wake(); // more may be queued: yield the event loop, then go on
      }
    }
    if (statusDue.getAndSet(false)) {
      NodeEvent.Status status = viewer.status();
      if (status != null) {
        buf = write(alloc, buf, feed.nextId(), status);
      }
    }
    return buf == null ? null : Chunk.data(buf);
  }

  private static ByteBuf write(ByteBufAllocator alloc, ByteBuf buf, long id, NodeEvent e) {
    ByteBuf out = buf != null ? buf : alloc.buffer();
    out.writeCharSequence("id: " + id + "\nevent: " + e.type() + "\ndata: ", StandardCharsets.UTF_8);
    out.writeBytes(e.json());
    out.writeCharSequence("\n\n", StandardCharsets.UTF_8);
    return out;
  }

  @Override
  public void close() {
    viewer.close();
    onClose.run();
  }
}
