package io.raftkv.storage;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.storage.WalRecord.BootstrapRecord;
import io.raftkv.storage.WalRecord.CompactRecord;
import io.raftkv.storage.WalRecord.EntryRecord;
import io.raftkv.storage.WalRecord.HardStateRecord;
import io.raftkv.storage.WalRecord.SegmentHeader;

/**
 * Folds replayed WAL records into the state they describe: the entry index, the hard state and the
 * founding membership. A later record always wins: an entry replaces the entry at its index and all after
 * it (which is how an overwritten suffix stays overwritten after a restart), a hard state replaces the
 * previous one, a compaction drops the entries it covers.
 */
final class RecoveredState implements SegmentedLog.Visitor {

  final EntryIndex index;
  HardState hardState = HardState.EMPTY;
  /** The founding membership, or null if the storage was never bootstrapped. */
  ConfState bootstrap;

  RecoveredState(EntryIndex index) {
    this.index = index;
  }

  @Override
  public void onRecord(WalRecord record, long position, int frameLength) {
    if (record instanceof EntryRecord r) {
      onEntry(r.entry(), position, frameLength);
    } else if (record instanceof HardStateRecord r) {
      hardState = r.hardState();
    } else if (record instanceof SegmentHeader h) {
      hardState = h.hardState();
      if (h.bootstrap() != null) {
        bootstrap = h.bootstrap();
      }
      compact(h.compactIndex(), h.compactTerm());
    } else if (record instanceof CompactRecord c) {
      if (c.discardLog()) {
        index.reset(c.index(), c.term());
      } else {
        compact(c.index(), c.term());
      }
    } else if (record instanceof BootstrapRecord b) {
      bootstrap = b.confState();
    }
  }

  private void onEntry(Entry entry, long position, int frameLength) {
    long i = entry.index();
    if (i <= index.prevIndex()) {
      return;
    }
    if (i > index.lastIndex() + 1) {
      // The oldest surviving segment starts after entries deleted with their segments; a later compaction
      // record (or header) must cover them, which validate() checks.
      index.reset(i - 1, EntryIndex.UNKNOWN_TERM);
    } else if (i <= index.lastIndex()) {
      index.truncateFrom(i);
    }
    index.append(entry, position, frameLength);
    index.evict();
  }

  private void compact(long compactIndex, long compactTerm) {
    if (compactIndex > index.prevIndex()
        || (compactIndex == index.prevIndex() && index.prevTerm() == EntryIndex.UNKNOWN_TERM)) {
      index.compactTo(compactIndex, compactTerm);
    }
  }

  /** Whether replay produced a log that starts at a known compaction point. */
  boolean complete() {
    return index.prevTerm() != EntryIndex.UNKNOWN_TERM;
  }
}
