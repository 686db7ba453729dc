package io.raftkv.raft.quorum;

import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The voters of a possibly joint configuration (thesis §4.3): {@code incoming} (C_new) and
 * {@code outgoing} (C_old, empty when not joint). Every decision needs a majority of BOTH.
 */
public record JointConfig(MajorityConfig incoming, MajorityConfig outgoing) {

  public static JointConfig empty() {
    return new JointConfig(MajorityConfig.empty(), MajorityConfig.empty());
  }

  public boolean isJoint() {
    return !outgoing.isEmpty();
  }

  /** Every voter of either half, sorted. */
  public NavigableSet<String> ids() {
    if (outgoing.isEmpty()) {
      return incoming.ids();
    }
    TreeSet<String> all = new TreeSet<>(incoming.ids());
    all.addAll(outgoing.ids());
    return all;
  }

  public boolean contains(String id) {
    return incoming.contains(id) || outgoing.contains(id);
  }

  /** The largest index acknowledged by a majority of each half (0 if there are no voters at all). */
  public long committedIndex(AckedIndexer acked) {
    long idx = Math.min(incoming.committedIndex(acked), outgoing.committedIndex(acked));
    return idx == Long.MAX_VALUE ? 0 : idx;
  }

  public VoteResult voteResult(Map<String, Boolean> votes) {
    VoteResult r1 = incoming.voteResult(votes);
    VoteResult r2 = outgoing.voteResult(votes);
    if (r1 == r2) {
      return r1;
    }
    if (r1 == VoteResult.LOST || r2 == VoteResult.LOST) {
      return VoteResult.LOST;
    }
    return VoteResult.PENDING;
  }
}
