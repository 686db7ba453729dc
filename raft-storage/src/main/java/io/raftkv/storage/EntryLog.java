package io.raftkv.storage;

import io.raftkv.raft.log.CompactedException;
import io.raftkv.raft.log.UnavailableException;
import io.raftkv.raft.proto.Entry;
import io.raftkv.storage.WalRecord.EntryRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The log as the two threads share it: an {@link EntryIndex} behind a read-write lock, plus reads of
 * evicted entries from their WAL segment.
 *
 * <p>Why this is safe: a newly published entry is always in the cache; the cache evicts an entry only after
 * the WAL has flushed its record to the segment file; records are never rewritten in place (an overwritten
 * suffix is superseded by new records, not overwritten bytes); and segments are deleted only under the
 * write lock. So a reader holding the read lock sees one consistent version of the log, and every position
 * it has to read points at the complete record of that entry.
 */
final class EntryLog {

  /** Cap on one positional read of uncached entries. */
  private static final int MAX_READ_BYTES = 1 << 20;

  private final EntryIndex index;
  private final SegmentedLog wal;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  EntryLog(EntryIndex index, SegmentedLog wal) {
    this.index = index;
    this.wal = wal;
  }

  // ---- reads, any thread ----

  long firstIndex() {
    lock.readLock().lock();
    try {
      return index.firstIndex();
    } finally {
      lock.readLock().unlock();
    }
  }

  long lastIndex() {
    lock.readLock().lock();
    try {
      return index.lastIndex();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The compaction point: the index before {@link #firstIndex()}. */
  long prevIndex() {
    return firstIndex() - 1;
  }

  /** Term at {@code i}, for {@code firstIndex() - 1 <= i <= lastIndex()}. */
  long term(long i) {
    lock.readLock().lock();
    try {
      if (i < index.prevIndex()) {
        throw new CompactedException(i, index.firstIndex());
      }
      if (i > index.lastIndex()) {
        throw new UnavailableException(i, index.lastIndex());
      }
      return index.term(i);
    } finally {
      lock.readLock().unlock();
    }
  }

  boolean matches(long i, long term) {
    lock.readLock().lock();
    try {
      return index.matches(i, term);
    } finally {
      lock.readLock().unlock();
    }
  }

  long cachedBytes() {
    lock.readLock().lock();
    try {
      return index.cachedBytes();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** See {@link io.raftkv.raft.log.Storage#entries}. */
  List<Entry> entries(long lo, long hi, long maxBytes) {
    lock.readLock().lock();
    try {
      if (lo < index.firstIndex()) {
        throw new CompactedException(lo, index.firstIndex());
      }
      if (hi > index.lastIndex() + 1) {
        throw new UnavailableException(hi - 1, index.lastIndex());
      }
      if (lo >= hi) {
        return List.of();
      }
      List<Entry> out = new ArrayList<>((int) Math.min(hi - lo, 1024));
      long total = 0;
      List<Entry> run = List.of();
      int runNext = 0;
      for (long i = lo; i < hi; i++) {
        Entry e = index.cached(i);
        if (e == null) {
          if (runNext == run.size()) {
            run = readRun(i, hi, Math.max(0, maxBytes - total));
            runNext = 0;
          }
          e = run.get(runNext++);
        }
        total += e.sizeBytes();
        if (!out.isEmpty() && total > maxBytes) {
          break;
        }
        out.add(e);
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Reads uncached entries from {@code lo} with one positional read: as many as lie back to back in the
   * same segment, up to about {@code maxBytes} (at least one) and {@link #MAX_READ_BYTES}.
   */
  private List<Entry> readRun(long lo, long hi, long maxBytes) {
    long start = index.position(lo);
    long end = start + index.frameLength(lo);
    long bytes = index.frameLength(lo);
    long i = lo + 1;
    while (i < hi && index.cached(i) == null && index.position(i) == end && bytes < maxBytes
        && bytes + index.frameLength(i) <= MAX_READ_BYTES) {
      end += index.frameLength(i);
      bytes += index.frameLength(i);
      i++;
    }
    int count = (int) (i - lo);
    List<WalRecord> records;
    try {
      records = wal.read(start, (int) (end - start), count);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read entries from " + lo + " in " + wal.pathOf(start), e);
    }
    List<Entry> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      long idx = lo + k;
      WalRecord record = records.get(k);
      if (!(record instanceof EntryRecord r) || r.entry().index() != idx || r.entry().term() != index.term(idx)) {
        long position = index.position(idx);
        throw new StorageCorruptedException(wal.pathOf(position), SegmentedLog.offsetOf(position),
            "expected entry " + idx + "@" + index.term(idx) + ", found " + record);
      }
      out.add(r.entry());
    }
    return out;
  }

  // ---- writes, the writer thread only ----

  /** Publishes entries whose records were added to the WAL at {@code positions}, replacing any suffix. */
  void publish(List<Entry> entries, long[] positions, int[] frameLengths) {
    lock.writeLock().lock();
    try {
      long from = entries.get(0).index();
      if (from <= index.lastIndex()) {
        index.truncateFrom(from);
      }
      for (int i = 0; i < entries.size(); i++) {
        index.append(entries.get(i), positions[i], frameLengths[i]);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  void compactTo(long i, long term) {
    lock.writeLock().lock();
    try {
      index.compactTo(i, term);
    } finally {
      lock.writeLock().unlock();
    }
  }

  void reset(long i, long term) {
    lock.writeLock().lock();
    try {
      index.reset(i, term);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Trims the entry cache; only after a WAL flush (evicted entries are read back from their file). */
  void evict() {
    lock.writeLock().lock();
    try {
      index.evict();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Deletes segments the compaction point made obsolete, excluding readers of those segments. */
  void deleteObsoleteSegments() throws IOException {
    lock.writeLock().lock();
    try {
      wal.deleteObsolete(index.prevIndex());
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Runs {@code action} with readers excluded (used to close the files). */
  void exclusively(Runnable action) {
    lock.writeLock().lock();
    try {
      action.run();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
