package io.raftkv.raft.log;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.List;

/**
 * The core's read-only view of stable storage (etcd's Storage). The core reads through it; only the caller
 * writes (see {@link WritableStorage}), between Readies. Implementations must be safe to read from the
 * thread that drives the core while the caller's I/O thread writes.
 *
 * <p>Indexes: entries {@code firstIndex()..lastIndex()} are available; {@code firstIndex() - 1} is the
 * index of the latest snapshot (0 if none), whose term {@link #term(long)} still answers.
 */
public interface Storage {

  InitialState initialState();

  /**
   * Entries in {@code [lo, hi)}, stopping early once their {@link Entry#sizeBytes()} total exceeds
   * {@code maxBytes} but always returning at least one entry when {@code lo < hi}.
   *
   * @throws CompactedException if {@code lo < firstIndex()}
   * @throws UnavailableException if {@code hi > lastIndex() + 1}
   */
  List<Entry> entries(long lo, long hi, long maxBytes);

  /**
   * Term of the entry at {@code index}, for {@code firstIndex() - 1 <= index <= lastIndex()}.
   *
   * @throws CompactedException below that range
   * @throws UnavailableException above it
   */
  long term(long index);

  long firstIndex();

  long lastIndex();

  /** The latest snapshot, or {@link SnapshotMetadata#EMPTY}. */
  SnapshotMetadata snapshotMetadata();

  /**
   * Up to {@code maxBytes} of the current snapshot's data starting at {@code offset}.
   *
   * @throws SnapshotUnavailableException if the current snapshot is not the one at {@code snapshotIndex}
   */
  byte[] snapshotChunk(long snapshotIndex, long offset, int maxBytes);
}
