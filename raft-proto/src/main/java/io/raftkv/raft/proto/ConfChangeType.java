package io.raftkv.raft.proto;

/** One step of a membership change. */
public enum ConfChangeType {
  /** Add a voter, or promote a learner to voter. */
  ADD_NODE,
  /** Add a learner, or demote a voter to learner. */
  ADD_LEARNER,
  /** Remove a voter or learner. */
  REMOVE_NODE
}
