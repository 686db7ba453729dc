package io.raftkv.raft;

/** How the leader confirms it is still leader before answering a ReadIndex request. */
public enum ReadOnlyOption {
  /** A heartbeat round acknowledged by a quorum (thesis §6.4). Safe whatever the clocks do. */
  SAFE,
  /**
   * The leader's lease (thesis §6.4.1): no heartbeat round while a quorum acknowledged it within
   * {@link Config#leaseTicks()}. Safe only while clocks drift less than
   * {@code electionTick - leaseTicks} ticks per election timeout; requires CheckQuorum.
   */
  LEASE_BASED
}
