package io.raftkv.server.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's live event feed (the dashboard's {@code /v1/events}): hands each {@link Published} event to
 * every {@link EventSubscription} and keeps the latest {@link StatusSnapshot} for them to read.
 *
 * <p>Threads: the driver's event loop is the only publisher ({@link EventPublisher}); subscribers come and
 * go on any thread. Publishing never blocks: each subscription's queue is lock-free and drops its oldest
 * event when full. With no subscriber, the loop only checks {@link #hasSubscribers()} (a volatile read of
 * an empty copy-on-write list) and builds nothing.
 *
 * <p>Invariant: sequence numbers are unique per node and increase in the order they were drawn.
 */
public final class EventHub {

  /** Events a subscriber may leave unread before the oldest are dropped. */
  public static final int DEFAULT_CAPACITY = 1024;

  private final CopyOnWriteArrayList<EventSubscription> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile StatusSnapshot latest;
  /** Set by a new subscriber: the loop takes a fresh snapshot on its next pass. */
  private volatile boolean statusWanted;

  /**
   * Subscribes with a queue of {@code capacity} events; {@code wake} is called (on the event loop, so it
   * must not block) after each event is queued.
   */
  public EventSubscription subscribe(int capacity, Runnable wake) {
    EventSubscription s = new EventSubscription(this, capacity, wake);
    subscribers.add(s);
    statusWanted = true;
    return s;
  }

  public boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }

  public int subscriberCount() {
    return subscribers.size();
  }

  /** The next number of the node's event sequence (for events subscribers make themselves, e.g. status). */
  public long nextSequence() {
    return sequence.incrementAndGet();
  }

  /** The latest status snapshot, or null before the first (taken once someone subscribed). */
  public StatusSnapshot latestStatus() {
    return latest;
  }

  void remove(EventSubscription s) {
    subscribers.remove(s);
  }

  /** Event loop: whether a subscriber is waiting for its first snapshot (clears the request). */
  boolean takeStatusWanted() {
    boolean w = statusWanted;
    statusWanted = false;
    return w;
  }

  /** Event loop: hands {@code event} to every subscriber. */
  void publish(DriverEvent event, long timeMillis) {
    List<EventSubscription> subs = subscribers;
    if (subs.isEmpty()) {
      return;
    }
    Published p = new Published(nextSequence(), timeMillis, event);
    for (EventSubscription s : subs) {
      s.offer(p);
    }
  }

  /** Event loop: makes {@code snapshot} the latest (subscribers read it at their own pace). */
  void publishStatus(StatusSnapshot snapshot) {
    latest = snapshot;
  }
}
