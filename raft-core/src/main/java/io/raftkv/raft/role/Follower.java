package io.raftkv.raft.role;

import io.raftkv.raft.StateRole;

/**
 * Follower of one term (§5.2): answers RPCs, learns at most one leader for its term.
 *
 * <p>Invariant (Election Safety, §5.2): once {@code leaderId} is set it never changes within the term.
 */
public final class Follower implements Role {

  private final long term;
  private String leaderId;

  public Follower(long term, String leaderId) {
    this.term = term;
    this.leaderId = leaderId;
  }

  @Override
  public long term() {
    return term;
  }

  @Override
  public StateRole kind() {
    return StateRole.FOLLOWER;
  }

  @Override
  public String leaderId() {
    return leaderId;
  }

  /**
   * Records the leader of this term. Returns false, keeping the first leader, if a different one was
   * already known: two leaders in one term mean Election Safety was broken (only possible with a
   * broken vote rule, as the simulator's mutation tests inject); the node then refuses to obey the
   * second one and the simulator's checkers report the violation.
   */
  public boolean learnLeader(String id) {
    if (leaderId != null && !leaderId.equals(id)) {
      return false;
    }
    leaderId = id;
    return true;
  }

  @Override
  public String toString() {
    return "Follower{term=" + term + ", leader=" + leaderId + "}";
  }
}
