package io.raftkv.raft.log;

/** The requested index lies at or below the storage's compaction point (covered by a snapshot). */
public final class CompactedException extends RuntimeException {
  public CompactedException(long index, long firstIndex) {
    super("index " + index + " is compacted; first available index is " + firstIndex, null, false, false);
  }
}
