package io.raftkv.storage;

import io.raftkv.raft.proto.Entry;
import java.util.Arrays;

/**
 * In-memory index of the log entries {@code prevIndex + 1 .. lastIndex()}: for each, its term and the WAL
 * position and frame length of its record, plus the {@link Entry} itself for a recent tail that fits in the
 * cache budget. Older entries are read back from their segment by position.
 *
 * <p>Invariants: indexes are contiguous; {@code prevIndex} is the compaction point and {@code prevTerm} the
 * term of the entry there ({@link #UNKNOWN_TERM} only transiently during replay, when the surviving
 * segments start after entries that were deleted with their segment); cached entries are exactly those at
 * {@code cacheFrom .. lastIndex()}, and {@code cachedBytes} is the sum of their {@link Entry#sizeBytes()}.
 *
 * <p>Not thread-safe: {@link DurableStorage} guards it with a read-write lock.
 */
final class EntryIndex {

  static final long UNKNOWN_TERM = -1;

  private final long cacheBudget;
  private long prevIndex;
  private long prevTerm;
  private long[] terms = new long[1024];
  private long[] positions = new long[1024];
  private int[] lengths = new int[1024];
  private Entry[] cached = new Entry[1024];
  /** Array slot of entry {@code prevIndex + 1}. */
  private int head;
  private int count;
  private long cacheFrom = 1;
  private long cachedBytes;

  EntryIndex(long cacheBudget) {
    this.cacheBudget = cacheBudget;
  }

  long prevIndex() {
    return prevIndex;
  }

  long prevTerm() {
    return prevTerm;
  }

  long firstIndex() {
    return prevIndex + 1;
  }

  long lastIndex() {
    return prevIndex + count;
  }

  /** Term at {@code index}, which must lie in {@code prevIndex .. lastIndex()}. */
  long term(long index) {
    return index == prevIndex ? prevTerm : terms[slot(index)];
  }

  long position(long index) {
    return positions[slot(index)];
  }

  int frameLength(long index) {
    return lengths[slot(index)];
  }

  /** The cached entry at {@code index}, or {@code null} if it must be read from disk. */
  Entry cached(long index) {
    return index >= cacheFrom ? cached[slot(index)] : null;
  }

  long cachedBytes() {
    return cachedBytes;
  }

  /** Whether the log holds an entry at {@code index} with {@code term} (or it is the compaction point). */
  boolean matches(long index, long term) {
    return index >= prevIndex && index <= lastIndex() && term(index) == term;
  }

  /** Appends {@code entry}, which must be at {@code lastIndex() + 1}. */
  void append(Entry entry, long position, int frameLength) {
    if (entry.index() != lastIndex() + 1) {
      throw new IllegalArgumentException("entry " + entry.index() + " does not follow " + lastIndex());
    }
    if (head + count == terms.length) {
      makeRoom();
    }
    int s = head + count;
    terms[s] = entry.term();
    positions[s] = position;
    lengths[s] = frameLength;
    cached[s] = entry;
    count++;
    cachedBytes += entry.sizeBytes();
  }

  /**
   * Drops the oldest cached entries until the cache fits its budget (keeping at least the last entry).
   * The caller must only call this once every indexed entry's record has reached its segment file, since
   * an evicted entry is read back from there.
   */
  void evict() {
    while (cachedBytes > cacheBudget && cacheFrom < lastIndex()) {
      evictOldestCached();
    }
  }

  /** Drops every entry at {@code index} and above ({@code index > prevIndex}). */
  void truncateFrom(long index) {
    while (lastIndex() >= index) {
      int s = head + count - 1;
      if (cached[s] != null) {
        cachedBytes -= cached[s].sizeBytes();
        cached[s] = null;
      }
      count--;
    }
    cacheFrom = Math.min(cacheFrom, lastIndex() + 1);
  }

  /**
   * Drops entries up to {@code index} and makes it the compaction point with {@code term}. If
   * {@code index} is at or past the last entry the log becomes empty and continues after {@code index}.
   */
  void compactTo(long index, long term) {
    if (index >= lastIndex()) {
      reset(index, term);
      return;
    }
    while (prevIndex < index) {
      if (cached[head] != null) {
        cachedBytes -= cached[head].sizeBytes();
        cached[head] = null;
      }
      head++;
      count--;
      prevIndex++;
    }
    prevTerm = term;
    cacheFrom = Math.max(cacheFrom, prevIndex + 1);
  }

  /** Empties the log; it continues after {@code index}, whose term is {@code term}. */
  void reset(long index, long term) {
    Arrays.fill(cached, null);
    head = 0;
    count = 0;
    prevIndex = index;
    prevTerm = term;
    cacheFrom = index + 1;
    cachedBytes = 0;
  }

  private void evictOldestCached() {
    int s = slot(cacheFrom);
    cachedBytes -= cached[s].sizeBytes();
    cached[s] = null;
    cacheFrom++;
  }

  private void makeRoom() {
    if (head > 0 && count <= terms.length / 2) {
      // Compaction left free slots in front: shift down instead of growing.
      System.arraycopy(terms, head, terms, 0, count);
      System.arraycopy(positions, head, positions, 0, count);
      System.arraycopy(lengths, head, lengths, 0, count);
      System.arraycopy(cached, head, cached, 0, count);
      Arrays.fill(cached, count, head + count, null);
      head = 0;
      return;
    }
    int capacity = terms.length * 2;
    terms = Arrays.copyOf(terms, capacity);
    positions = Arrays.copyOf(positions, capacity);
    lengths = Arrays.copyOf(lengths, capacity);
    cached = Arrays.copyOf(cached, capacity);
  }

  private int slot(long index) {
    return head + (int) (index - prevIndex - 1);
  }
}
