package io.raftkv.raft.tracker;

/** How the leader replicates to one follower (etcd's StateType). */
public enum ProgressState {
  /** nextIndex is a guess: send one AppendEntries per heartbeat interval until one matches. */
  PROBE,
  /** nextIndex is known: stream AppendEntries optimistically, bounded by the inflights window. */
  REPLICATE,
  /** The follower needs entries that were compacted away: stream a snapshot (§7). */
  SNAPSHOT
}
