package io.raftkv.raft.role;

import io.raftkv.raft.StateRole;

/**
 * The role a node plays in one term (§5.1 plus the thesis' pre-candidate, §9.6). A node gets a NEW
 * instance at every transition, so per-role state (votes, the leader's transfer target) can never leak
 * into another term; {@link RoleTransitions} is the only way to move between them.
 */
public sealed interface Role permits Follower, PreCandidate, Candidate, Leader {

  /** The currentTerm this role belongs to. */
  long term();

  StateRole kind();

  /** The leader this node knows of in {@link #term()}, or {@code null}. */
  String leaderId();
}
