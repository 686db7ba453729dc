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
}
