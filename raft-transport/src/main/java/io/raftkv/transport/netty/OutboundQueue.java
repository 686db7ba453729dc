package io.raftkv.transport.netty;

import io.raftkv.raft.proto.Message;
import io.raftkv.transport.codec.MessageSizes;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queue of messages waiting for one peer's connection: many producers (any thread calling
 * send), one consumer (the connection's event loop).
 *
 * <p>Invariant: {@code count <= maxMessages} and {@code bytes <= maxBytes}, except that one message is
 * always admitted into an empty queue whatever its size (it is then subject to the frame limit). Bytes are
 * {@link MessageSizes#estimate estimated}, so memory held is bounded without encoding on the caller's
 * thread.
 */
final class OutboundQueue {

  private record Item(Message message, long size) {}

  private final ConcurrentLinkedQueue<Item> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final int maxMessages;
  private final long maxBytes;

  OutboundQueue(int maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  /** Appends {@code m} unless that would break a bound; returns false (and keeps nothing) if full. */
  boolean offer(Message m) {
    long size = MessageSizes.estimate(m);
    // Reserve capacity first so concurrent producers can never overshoot the bounds together.
    int n = count.incrementAndGet();
    if (n > maxMessages) {
      count.decrementAndGet();
      return false;
    }
    long b = bytes.addAndGet(size);
    if (b > maxBytes && b != size) {
      bytes.addAndGet(-size);
      count.decrementAndGet();
      return false;
    }
    items.add(new Item(m, size));
    return true;
  }

  /** The oldest message, or null if none; consumer only. */
  Message poll() {
    Item it = items.poll();
    if (it == null) {
      return null;
    }
    bytes.addAndGet(-it.size);
    count.decrementAndGet();
    return it.message;
  }

  /** Removes everything queued; returns how many messages were discarded. Consumer only. */
  int clear() {
    int n = 0;
    while (poll() != null) {
      n++;
    }
    return n;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }
}
