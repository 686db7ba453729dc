package io.raftkv.raft.role;

import io.raftkv.raft.StateRole;

/** Candidate of one term (§5.2): voted for itself and collects votes until it wins or loses. */
public final class Candidate implements Role {

  private final long term;
  private final boolean leadershipTransfer;
  private final VoteTally votes = new VoteTally();
  /**
   * Won on its own vote alone (it is the sole voter) and waits for that vote to be durable before it leads.
   * Invariant: set at most once, only while {@link #votes()} holds just the self-vote.
   */
  private boolean wonOnOwnVote;

  public Candidate(long term, boolean leadershipTransfer) {
    this.term = term;
    this.leadershipTransfer = leadershipTransfer;
  }

  @Override
  public long term() {
    return term;
  }

  @Override
  public StateRole kind() {
    return StateRole.CANDIDATE;
  }

  @Override
  public String leaderId() {
    return null;
  }

  /** Whether this election was started by TimeoutNow (thesis §3.10). */
  public boolean leadershipTransfer() {
    return leadershipTransfer;
  }

  public VoteTally votes() {
    return votes;
  }

  public boolean wonOnOwnVote() {
    return wonOnOwnVote;
  }

  public void markWonOnOwnVote() {
    wonOnOwnVote = true;
  }

  @Override
  public String toString() {
    return "Candidate{term=" + term + "}";
  }
}
