package io.raftkv.server;

import io.raftkv.raft.proto.HardState;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and progress marks of one {@link RaftDriver}, for metrics and liveness probes: plain numbers,
 * no metrics library. The driver's event loop is the only writer; any thread may read. Each value is
 * individually current; they are not a consistent snapshot together.
 *
 * <p>Invariant: the counters only grow; {@link #persistPendingSinceNanos()} is 0 exactly when no Ready is
 * waiting for the Persister.
 */
public final class DriverStats {

  private final AtomicLong leaderChanges = new AtomicLong();
  private final AtomicLong proposalsDropped = new AtomicLong();
  private final AtomicLong readIndexRounds = new AtomicLong();
  private final AtomicLong snapshotsInstalled = new AtomicLong();
  private volatile long lastLoopPassNanos = System.nanoTime();
  private volatile long persistPendingSinceNanos;
  private volatile long term;
  private volatile long commitIndex;

  /** Times this node saw the leader change to a known node (etcd's leader_changes_seen). */
  public long leaderChanges() {
    return leaderChanges.get();
  }

  /** Proposals the core refused (no leader, too many uncommitted, transfer in progress). */
  public long proposalsDropped() {
    return proposalsDropped.get();
  }

  /** ReadIndex rounds started (one per batch of linearizable reads, thesis §6.4). */
  public long readIndexRounds() {
    return readIndexRounds.get();
  }

  /**
   * Snapshots this node received from a leader, made durable and handed to the applier to install (etcd's
   * {@code etcd_network_snapshot_receive_success}); a restart's own snapshot is not counted.
   */
  public long snapshotsInstalled() {
    return snapshotsInstalled.get();
  }

  /** {@link System#nanoTime()} at the end of the event loop's latest pass (it passes at least once a tick). */
  public long lastLoopPassNanos() {
    return lastLoopPassNanos;
  }

  /** {@link System#nanoTime()} when the outstanding Ready went to the Persister, or 0 if none is waiting. */
  public long persistPendingSinceNanos() {
    return persistPendingSinceNanos;
  }

  /** currentTerm as of the latest Ready that carried a hard state. */
  public long term() {
    return term;
  }

  /** commitIndex as of the latest Ready that carried a hard state. */
  public long commitIndex() {
    return commitIndex;
  }

  void leaderChanged() {
    leaderChanges.incrementAndGet();
  }

  void proposalDropped() {
    proposalsDropped.incrementAndGet();
  }

  void readIndexRound() {
    readIndexRounds.incrementAndGet();
  }

  void snapshotInstalled() {
    snapshotsInstalled.incrementAndGet();
  }

  void loopPassed(long nanos) {
    lastLoopPassNanos = nanos;
  }

  void persistStarted(long nanos) {
    persistPendingSinceNanos = nanos == 0 ? 1 : nanos;
  }

  void persistDone() {
    persistPendingSinceNanos = 0;
  }

  void hardState(HardState hs) {
    term = hs.currentTerm();
    commitIndex = hs.commitIndex();
  }
}
