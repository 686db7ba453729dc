package io.raftkv.raft.role;

import io.raftkv.raft.StateRole;

/**
 * Pre-candidate (thesis §9.6): asks whether it COULD win an election at {@code term() + 1} without
 * bumping its term, so a node that was partitioned away cannot disrupt a healthy leader when it returns.
 */
public final class PreCandidate implements Role {

  private final long term;
  private final VoteTally votes = new VoteTally();

  public PreCandidate(long term) {
    this.term = term;
  }

  @Override
  public long term() {
    return term;
  }

  @Override
  public StateRole kind() {
    return StateRole.PRE_CANDIDATE;
  }

  @Override
  public String leaderId() {
    return null;
  }

  public VoteTally votes() {
    return votes;
  }

  @Override
  public String toString() {
    return "PreCandidate{term=" + term + "}";
  }
}
