package io.raftkv.kv.server.metrics;

import java.util.concurrent.CompletableFuture;

/** A {@link NodeView} whose every answer a test sets. */
final class FakeNode implements NodeView {

  String leaderId = "n1";
  boolean leader;
  long term = 3;
  long commitIndex = 10;
  volatile long lastApplied = 10;
  long applyBacklogBytes;
  long snapshotsInstalled;
  long lastLoopPassNanos;
  long persistPendingSinceNanos;
  Throwable fatal;
  CompletableFuture<Boolean> voter = CompletableFuture.completedFuture(true);
  CompletableFuture<Long> readBarrier = CompletableFuture.completedFuture(10L);

  @Override
  public String leaderId() {
    return leaderId;
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public long term() {
    return term;
  }

  @Override
  public long commitIndex() {
    return commitIndex;
  }

  @Override
  public long lastApplied() {
    return lastApplied;
  }

  @Override
  public long snapshotsInstalled() {
    return snapshotsInstalled;
  }

  @Override
  public long applyBacklogBytes() {
    return applyBacklogBytes;
  }

  @Override
  public long lastLoopPassNanos() {
    return lastLoopPassNanos;
  }

  @Override
  public long persistPendingSinceNanos() {
    return persistPendingSinceNanos;
  }

  @Override
  public Throwable fatalError() {
    return fatal;
  }

  @Override
  public CompletableFuture<Boolean> isVoter() {
    return voter;
  }

  @Override
  public CompletableFuture<Long> readBarrier() {
    return readBarrier;
  }
}
