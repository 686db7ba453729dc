package io.raftkv.raft.proto;

/** What an entry's payload means to Raft itself. */
public enum EntryType {
  /** An opaque command for the state machine (empty for a leader's no-op). */
  NORMAL,
  /** A membership change, applied by the Raft core itself when committed. */
  CONF_CHANGE
}
