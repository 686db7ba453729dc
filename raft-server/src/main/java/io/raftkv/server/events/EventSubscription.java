package io.raftkv.server.events;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber's bounded queue of {@link Published} events, filled by the event loop and drained by the
 * subscriber's own thread. The loop never waits for it: {@link #offer} is lock-free and O(1), and when
 * the subscriber has {@code capacity} events unread the OLDEST is dropped and counted, so a viewer that
 * stops reading costs at most {@code capacity} events of memory and never slows the loop.
 *
 * <p>Invariants: at most about {@code capacity} events queued (a concurrent poll may briefly make it one
 * less); every offered event is either delivered by {@link #poll} once or counted in {@link #dropped}
 * once; after {@link #close} nothing more is queued.
 */
public final class EventSubscription implements AutoCloseable {

  private final EventHub hub;
  private final int capacity;
  private final Runnable wake;
  private final ConcurrentLinkedQueue<Published> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  /** Dropped and not yet reported through {@link #takeDropped}. */
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedTotal = new AtomicLong();
  private volatile boolean closed;

  EventSubscription(EventHub hub, int capacity, Runnable wake) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.hub = hub;
    this.capacity = capacity;
    this.wake = wake;
  }

  /** Event loop only: queues {@code p}, dropping the oldest if full, then wakes the subscriber. */
  void offer(Published p) {
    if (closed) {
      return;
    }
    queue.offer(p);
    if (size.incrementAndGet() > capacity && queue.poll() != null) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      droppedTotal.incrementAndGet();
    }
    wake.run();
  }

  /** The oldest queued event, or null if none. Subscriber's thread. */
  public Published poll() {
    Published p = queue.poll();
    if (p != null) {
      size.decrementAndGet();
    }
    return p;
  }

  /** Events dropped since the last call (0 if none): the subscriber reports them before its next event. */
  public long takeDropped() {
    return dropped.getAndSet(0);
  }

  /** Events dropped since the subscription started. */
  public long droppedTotal() {
    return droppedTotal.get();
  }

  /** Events queued now. */
  public int size() {
    return size.get();
  }

  /** Leaves the hub and forgets what was queued. Idempotent. */
  @Override
  public void close() {
    closed = true;
    hub.remove(this);
    queue.clear();
  }
}
