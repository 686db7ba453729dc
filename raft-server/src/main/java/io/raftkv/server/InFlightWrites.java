package io.raftkv.server;

import io.raftkv.raft.Ready;
import java.util.ArrayDeque;

/**
 * The event loop's view of its write pipeline (asynchronous storage writes, issue #10): the Readies
 * handed to the {@link Persister} and not yet durable, oldest first, with how many of their committed
 * entries went to the applier early, and the last log index made durable. Owned and used by the event
 * loop thread only.
 *
 * <p>Invariants: Readies complete in the order they were added; {@code durableLastIndex} is written only
 * when a Ready completes, to its last entry (or snapshot) index.
 */
final class InFlightWrites {

  private final ArrayDeque<DurablePrefix.InFlight> readies = new ArrayDeque<>();
  private long durableLastIndex;

  InFlightWrites(long storedLastIndex) {
    this.durableLastIndex = storedLastIndex;
  }

  boolean isEmpty() {
    return readies.isEmpty();
  }

  /** How many of {@code rd}'s committed entries the applier may take before it persists. */
  int appliableEarly(Ready rd) {
    return DurablePrefix.committedEntries(rd, durableLastIndex, readies);
  }

  void add(Ready rd, int early) {
    readies.addLast(new DurablePrefix.InFlight(rd, early));
  }

  /**
   * {@code rd}, the oldest Ready added, is durable.
   *
   * @throws IllegalStateException if it is not the oldest (the Persister broke its ordering)
   */
  void completeOldest(Ready rd) {
    DurablePrefix.InFlight oldest = readies.pollFirst();
    if (oldest == null || oldest.ready() != rd) {
      throw new IllegalStateException("the Persister completed Readies out of order");
    }
    completed(rd);
  }

  /** {@code rd} is durable (also a Ready that needed no sync and was never queued). */
  void completed(Ready rd) {
    if (!rd.entries().isEmpty()) {
      durableLastIndex = rd.entries().get(rd.entries().size() - 1).index();
    } else if (rd.snapshot() != null) {
      durableLastIndex = rd.snapshot().index();
    }
  }
}
