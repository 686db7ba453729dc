package io.raftkv.storage;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;

/**
 * One record of the write-ahead log. Replaying the records of all segments in order rebuilds the log, the
 * hard state and the compaction point; a later record always wins over an earlier one.
 */
sealed interface WalRecord {

  /**
   * First record of every segment: the state as of the roll, so that older segments can be deleted without
   * losing the hard state, the compaction point or the founding membership they held.
   *
   * @param compactIndex entries up to here are covered by a snapshot and were dropped
   * @param compactTerm term of the entry at {@code compactIndex}
   * @param bootstrap the founding membership, or {@code null} if never bootstrapped
   */
  record SegmentHeader(HardState hardState, long compactIndex, long compactTerm, ConfState bootstrap)
      implements WalRecord {}

  /** A log entry; it replaces any earlier entry at its index and every entry after that (§5.3). */
  record EntryRecord(Entry entry) implements WalRecord {}

  /** currentTerm, votedFor and commitIndex (Figure 2), replacing the previous hard state. */
  record HardStateRecord(HardState hardState) implements WalRecord {}

  /**
   * Entries up to {@code index} are covered by a snapshot and dropped (§7). With {@code discardLog} every
   * entry is dropped and the log restarts after {@code index} (an installed snapshot that the log did not
   * match).
   */
  record CompactRecord(long index, long term, boolean discardLog) implements WalRecord {}

  /** The founding membership, written once by bootstrap. */
  record BootstrapRecord(ConfState confState) implements WalRecord {}
}
