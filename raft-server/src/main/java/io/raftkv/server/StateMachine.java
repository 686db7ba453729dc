package io.raftkv.server;

import io.raftkv.raft.proto.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The replicated application (hashicorp's FSM). The node runtime calls it from its single applier thread,
 * in log order, so implementations need no locking against themselves; they must only make
 * {@link #snapshot} consistent with concurrent readers of their own.
 *
 * <p>Snapshots are streams, never one array, so a state larger than the heap can be snapshotted, sent
 * and installed. The runtime calls {@link #snapshot} on the applier thread, so no entry is applied while
 * it runs: the snapshot reflects exactly the last applied index. A state made of several parts writes
 * them as {@link SnapshotSections}.
 */
public interface StateMachine {

  /**
   * Applies committed entries in index order. The list may contain a leader's no-op (NORMAL with empty
   * data) and CONF_CHANGE entries (already acted on by Raft); implementations skip what is not theirs.
   * Must be deterministic: every replica computes the same state from the same entries.
   */
  void apply(List<Entry> entries);

  /** Writes the whole state as of the last applied entry to {@code out} (buffered; do not close it). */
  void snapshot(OutputStream out) throws IOException;

  /**
   * Replaces the whole state with the snapshot read from {@code in} (buffered; do not close it). A
   * snapshot that fails to verify must throw and should leave the current state intact.
   */
  void restore(InputStream in) throws IOException;
}
