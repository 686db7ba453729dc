package io.raftkv.raft.role;

import io.raftkv.raft.quorum.JointConfig;
import io.raftkv.raft.quorum.VoteResult;
import java.util.Map;
import java.util.TreeMap;

/** The votes a (pre-)candidate received in its election; the first answer of each voter counts. */
public final class VoteTally {

  private final TreeMap<String, Boolean> votes = new TreeMap<>();

  public VoteResult record(String voter, boolean granted, JointConfig voters) {
    votes.putIfAbsent(voter, granted);
    return voters.voteResult(votes);
  }

  public Map<String, Boolean> votes() {
    return votes;
  }
}
