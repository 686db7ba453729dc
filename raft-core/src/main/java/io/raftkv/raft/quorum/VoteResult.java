package io.raftkv.raft.quorum;

/** Outcome of a vote count (§5.2): still open, won by a majority, or lost for good. */
public enum VoteResult {
  PENDING,
  LOST,
  WON
}
