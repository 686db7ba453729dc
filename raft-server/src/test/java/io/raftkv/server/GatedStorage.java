package io.raftkv.server;

import io.raftkv.raft.log.InitialState;
import io.raftkv.raft.log.SnapshotWriter;
import io.raftkv.raft.log.StagedSnapshot;
import io.raftkv.raft.log.WritableStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link WritableStorage} whose {@link #sync()} can be held shut, as a disk whose fsync takes far longer
 * than an election timeout. Everything else is delegated unchanged. Owns the gate; invariant: while
 * {@link #stall()} is in effect no sync returns, and {@link #release()} lets every waiting and later sync
 * through.
 */
final class GatedStorage implements WritableStorage {

  private final WritableStorage delegate;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final AtomicInteger blockedSyncs = new AtomicInteger();
  private final AtomicInteger completedSyncs = new AtomicInteger();

  GatedStorage(WritableStorage delegate) {
    this.delegate = delegate;
  }

  /** From now on every sync blocks until {@link #release()}. */
  void stall() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  /** Syncs currently waiting at the gate. */
  int blockedSyncs() {
    return blockedSyncs.get();
  }

  /** Syncs that returned. */
  int completedSyncs() {
    return completedSyncs.get();
  }

  @Override
  public void sync() {
    CountDownLatch g = gate;
    blockedSyncs.incrementAndGet();
    try {
      g.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the disk was stalled", e);
    } finally {
      blockedSyncs.decrementAndGet();
    }
    delegate.sync();
    completedSyncs.incrementAndGet();
  }

  @Override
  public void bootstrap(ConfState initial) {
    delegate.bootstrap(initial);
  }

  @Override
  public void append(List<Entry> entries) {
    delegate.append(entries);
  }

  @Override
  public void setHardState(HardState hardState) {
    delegate.setHardState(hardState);
  }

  @Override
  public void writeSnapshotChunk(SnapshotMetadata metadata, long offset, byte[] data, boolean done) {
    delegate.writeSnapshotChunk(metadata, offset, data, done);
  }

  @Override
  public void installSnapshot(SnapshotMetadata metadata) {
    delegate.installSnapshot(metadata);
  }

  @Override
  public StagedSnapshot stageSnapshot(SnapshotWriter data) {
    return delegate.stageSnapshot(data);
  }

  @Override
  public void createSnapshot(long index, ConfState confState, StagedSnapshot staged) {
    delegate.createSnapshot(index, confState, staged);
  }

  @Override
  public void compact(long index) {
    delegate.compact(index);
  }

  @Override
  public InputStream openSnapshot(long snapshotIndex) {
    return delegate.openSnapshot(snapshotIndex);
  }

  @Override
  public InitialState initialState() {
    return delegate.initialState();
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxBytes) {
    return delegate.entries(lo, hi, maxBytes);
  }

  @Override
  public long term(long index) {
    return delegate.term(index);
  }

  @Override
  public long firstIndex() {
    return delegate.firstIndex();
  }

  @Override
  public long lastIndex() {
    return delegate.lastIndex();
  }

  @Override
  public SnapshotMetadata snapshotMetadata() {
    return delegate.snapshotMetadata();
  }

  @Override
  public byte[] snapshotChunk(long snapshotIndex, long offset, int maxBytes) {
    return delegate.snapshotChunk(snapshotIndex, offset, maxBytes);
  }
}
