package io.raftkv.server.events;

import io.raftkv.raft.RaftEvent;
import io.raftkv.raft.RaftNode;
import io.raftkv.raft.proto.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The event loop's side of the {@link EventHub}: drains the core's {@link RaftEvent}s after each pass,
 * counts Raft messages per peer, and while anyone subscribes takes a {@link StatusSnapshot} every
 * {@link #STATUS_PERIOD_MILLIS} (the shortest status interval a viewer may ask for).
 *
 * <p>Owned and called by the driver's event loop only, so its counters need no synchronization. Without
 * subscribers a pass costs draining an empty list and a volatile read; the message counters cost one map
 * lookup per message.
 */
public final class EventPublisher {

  /** Entries of the log tail a snapshot carries (the dashboard draws them). */
  public static final int LOG_TAIL = 48;
  /** How often the loop refreshes the snapshot while someone subscribes. */
  public static final long STATUS_PERIOD_MILLIS = 50;

  private final EventHub hub = new EventHub();
  private final long tickMillis;
  private final long heartbeatMillis;
  private final int statusEveryTicks;
  private final LongSupplier clockMillis;
  /** Per peer: {sent, received}. Loop thread only. */
  private final Map<String, long[]> counters = new HashMap<>();
  private long nextStatusTick;

  public EventPublisher(long tickMillis, long heartbeatMillis, LongSupplier clockMillis) {
    this.tickMillis = tickMillis;
    this.heartbeatMillis = heartbeatMillis;
    this.statusEveryTicks = (int) Math.max(1, STATUS_PERIOD_MILLIS / Math.max(1, tickMillis));
    this.clockMillis = clockMillis;
  }

  public EventHub hub() {
    return hub;
  }

  public void sent(Message m) {
    counters.computeIfAbsent(m.to(), k -> new long[2])[0]++;
  }

  public void received(Message m) {
    counters.computeIfAbsent(m.from(), k -> new long[2])[1]++;
  }

  /** A snapshot of the state machine became durable (reported to the loop by the applier). */
  public void snapshotTaken(long index, long term) {
    hub.publish(new DriverEvent.SnapshotTaken(index, term), clockMillis.getAsLong());
  }

  /**
   * After a pass of the loop: publishes the core's events (dropping them when nobody listens) and, when
   * due, a status snapshot. {@code ticks} is the loop's tick count.
   */
  public void afterPass(RaftNode node, long ticks, LongSupplier lastApplied) {
    List<RaftEvent> events = node.takeEvents();
    if (!hub.hasSubscribers()) {
      return;
    }
    long now = clockMillis.getAsLong();
    for (RaftEvent e : events) {
      hub.publish(new DriverEvent.Core(e), now);
    }
    if (hub.takeStatusWanted() || ticks >= nextStatusTick) {
      nextStatusTick = ticks + statusEveryTicks;
      hub.publishStatus(new StatusSnapshot(now, node.status(), node.logTail(LOG_TAIL), lastApplied.getAsLong(),
          messages(), tickMillis, heartbeatMillis));
    }
  }

  private Map<String, PeerMessages> messages() {
    Map<String, PeerMessages> out = new TreeMap<>();
    counters.forEach((peer, c) -> out.put(peer, new PeerMessages(c[0], c[1])));
    return out;
  }
}
