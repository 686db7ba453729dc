package io.raftkv.server;

import io.raftkv.raft.proto.Entry;
import java.util.List;

/**
 * The replicated application (hashicorp's FSM). The node runtime calls it from its single applier thread,
 * in log order, so implementations need no locking against themselves; they must only make
 * {@link #snapshot()} consistent with concurrent readers of their own.
 */
public interface StateMachine {

  /**
   * Applies committed entries in index order. The list may contain a leader's no-op (NORMAL with empty
   * data) and CONF_CHANGE entries (already acted on by Raft); implementations skip what is not theirs.
   * Must be deterministic: every replica computes the same state from the same entries.
   */
  void apply(List<Entry> entries);

  /** The whole state as of the last applied entry. */
  byte[] snapshot();

  /** Replaces the whole state with a snapshot's data. */
  void restore(byte[] snapshot);
}
