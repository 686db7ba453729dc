package io.raftkv.raft.sim;

import io.raftkv.raft.StateRole;

/**
 * What the {@link SafetyChecker} remembers about one node between events: its log as handed out through
 * Ready, and the last values of the fields that must be monotonic. Reset (from durable storage) when the
 * node restarts.
 */
final class NodeView {

  final LogChain log = new LogChain();
  /** Highest commitIndex the node has reported in this life (or its durable one at restart). */
  long commitIndex;
  /** Highest currentTerm the node has reported (never reset: terms survive crashes). */
  long currentTerm;
  /** Role and term at the last Ready taken, for Leader Append-Only. */
  StateRole readyRole;
  long readyTerm;
  /** The term in which the node was last seen as leader, or 0. */
  long leaderTerm;
  /** Leader Completeness to verify at the next Ready: the committed prefix known at election. */
  long completenessTerm;
  long completenessIndex;
  long completenessChain;
  /**
   * For Persist Before Send: the highest durable lastIndex seen while the durable currentTerm was at most
   * each term (a follower may acknowledge, in term T, entries it persisted and then discarded on moving
   * to a later term: its acknowledgement was true while it was in T).
   */
  private final java.util.TreeMap<Long, Long> durableLastByTerm = new java.util.TreeMap<>();

  void recordDurable(long durableTerm, long durableLastIndex) {
    durableLastByTerm.merge(durableTerm, durableLastIndex, Math::max);
  }

  /** The highest lastIndex made durable while the durable term was at most {@code term}. */
  long durableLastUpTo(long term) {
    long max = -1;
    for (long v : durableLastByTerm.headMap(term, true).values()) {
      max = Math.max(max, v);
    }
    return max;
  }
}
