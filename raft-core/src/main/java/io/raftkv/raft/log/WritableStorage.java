package io.raftkv.raft.log;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.List;

/**
 * Storage as its owner writes it while carrying out a {@link io.raftkv.raft.Ready}. Implemented in memory
 * by {@link MemoryStorage} (tests, simulator) and durably by the raft-storage module.
 *
 * <p>Writes become durable only at {@link #sync()}; after a crash an implementation may have kept any
 * prefix of the unsynced writes, never a torn or reordered one.
 */
public interface WritableStorage extends Storage {

  /** Initialize empty storage with the founding membership. Fails if the storage is not empty. */
  void bootstrap(ConfState initial);

  /**
   * Append entries; {@code entries.get(0).index()} may be at most {@code lastIndex() + 1}, and any stored
   * entries at that index or above are replaced.
   */
  void append(List<Entry> entries);

  void setHardState(HardState hardState);

  /** Write a piece of an incoming snapshot (offset 0 discards any earlier partial data). */
  void writeSnapshotChunk(SnapshotMetadata metadata, long offset, byte[] data, boolean done);

  /**
   * Make the fully received snapshot current: the log is discarded up to its index (entirely if the log
   * does not contain a matching entry there).
   */
  void installSnapshot(SnapshotMetadata metadata);

  /** Record a snapshot the local state machine made at {@code index} (which must be applied). */
  void createSnapshot(long index, ConfState confState, byte[] data);

  /** Drop entries up to and including {@code index}, which a snapshot must cover. */
  void compact(long index);

  /** The data of the current snapshot. */
  byte[] snapshotData();

  /** Make every earlier write durable. */
  void sync();
}
