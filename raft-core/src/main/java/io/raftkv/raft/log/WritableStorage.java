package io.raftkv.raft.log;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Storage as its owner writes it while carrying out a {@link io.raftkv.raft.Ready}. Implemented in memory
 * by {@link MemoryStorage} (tests, simulator) and durably by the raft-storage module.
 *
 * <p>Writes become durable only at {@link #sync()}; after a crash an implementation may have kept any
 * prefix of the unsynced writes, never a torn or reordered one.
 *
 * <p>Snapshot data is streamed both ways ({@link #stageSnapshot}, {@link #openSnapshot}), never required
 * to fit in one array; the byte-array methods are conveniences for small snapshots (tests, simulator).
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

  /**
   * Streams the data of a snapshot the local state machine is making into a new, invisible place. Unlike
   * every other write method this one may run on any thread, concurrently with the writer: it touches
   * nothing but the staged data it creates. May throw {@link UncheckedIOException}.
   */
  StagedSnapshot stageSnapshot(SnapshotWriter data);

  /**
   * Record a snapshot the local state machine made at {@code index} (which must be applied) from its
   * staged data, which this consumes (on failure too).
   */
  void createSnapshot(long index, ConfState confState, StagedSnapshot staged);

  /** {@link #createSnapshot(long, ConfState, StagedSnapshot)} from an array (small snapshots, tests). */
  default void createSnapshot(long index, ConfState confState, byte[] data) {
    createSnapshot(index, confState, stageSnapshot(out -> out.write(data)));
  }

  /** Drop entries up to and including {@code index}, which a snapshot must cover. */
  void compact(long index);

  /**
   * A stream of the data of the current snapshot, which must be the one at {@code snapshotIndex}. Any
   * thread; the stream stays readable after a newer snapshot replaced this one. The caller closes it.
   *
   * @throws SnapshotUnavailableException if the current snapshot is not the one at {@code snapshotIndex}
   */
  InputStream openSnapshot(long snapshotIndex);

  /** The data of the current snapshot in one array (empty if none): small snapshots and tests only. */
  default byte[] snapshotData() {
    SnapshotMetadata current = snapshotMetadata();
    if (current.isEmpty()) {
      return new byte[0];
    }
    try (InputStream in = openSnapshot(current.index())) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + current.index(), e);
    }
  }

  /** Make every earlier write durable. */
  void sync();
}
