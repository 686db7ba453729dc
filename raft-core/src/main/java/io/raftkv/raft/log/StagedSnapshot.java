package io.raftkv.raft.log;

/**
 * Snapshot data written by {@link WritableStorage#stageSnapshot} and not yet current: invisible to
 * readers until {@link WritableStorage#createSnapshot(long, io.raftkv.raft.proto.ConfState, StagedSnapshot)}
 * publishes it. Staging may take long (it streams the whole state), publishing is short, so the storage
 * writer thread is busy only for the latter.
 */
public interface StagedSnapshot {

  /** Bytes of data staged. */
  long sizeBytes();

  /** Drops the staged data (when it will not be published); idempotent. */
  void discard();
}
