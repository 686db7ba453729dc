package io.raftkv.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's not yet drained {@link RaftEvent}s: the only owner of that list. Bounded so a caller that
 * never drains (a simulator, a test) costs at most {@link #CAPACITY} small records; beyond it the oldest
 * are dropped and counted. A driver that drains every loop pass never reaches the bound: events come only
 * with elections, role and leader changes, votes, conf changes and snapshots.
 *
 * <p>Invariant: {@code pending.size() <= CAPACITY}; {@code dropped} only grows.
 */
final class RaftEvents {

  static final int CAPACITY = 256;

  private final ArrayDeque<RaftEvent> pending = new ArrayDeque<>();
  private long dropped;

  void add(RaftEvent e) {
    if (pending.size() == CAPACITY) {
      pending.removeFirst();
      dropped++;
    }
    pending.addLast(e);
  }

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Takes every pending event, oldest first. */
  List<RaftEvent> take() {
    if (pending.isEmpty()) {
      return List.of();
    }
    List<RaftEvent> out = new ArrayList<>(pending);
    pending.clear();
    return out;
  }

  /** Events dropped because nobody drained them in time, since start. */
  long dropped() {
    return dropped;
  }
}
