package io.raftkv.kv.server.metrics;

import io.raftkv.raft.StateRole;
import io.raftkv.server.RaftDriver;
import java.util.concurrent.CompletableFuture;

/** {@link NodeView} over a {@link RaftDriver} and its {@link io.raftkv.server.DriverStats}. */
public final class DriverView implements NodeView {

  private final RaftDriver driver;

  public DriverView(RaftDriver driver) {
    this.driver = driver;
  }

  @Override
  public String leaderId() {
    return driver.softState().leaderId();
  }

  @Override
  public boolean isLeader() {
    return driver.softState().role() == StateRole.LEADER;
  }

  @Override
  public long term() {
    return driver.stats().term();
  }

  @Override
  public long commitIndex() {
    return driver.stats().commitIndex();
  }

  @Override
  public long lastApplied() {
    return driver.lastApplied();
  }

  @Override
  public long snapshotsInstalled() {
    return driver.stats().snapshotsInstalled();
  }

  @Override
  public long applyBacklogBytes() {
    return driver.applyBacklogBytes();
  }

  @Override
  public long lastLoopPassNanos() {
    return driver.stats().lastLoopPassNanos();
  }

  @Override
  public long persistPendingSinceNanos() {
    return driver.stats().persistPendingSinceNanos();
  }

  @Override
  public Throwable fatalError() {
    return driver.fatalError();
  }

  @Override
  public CompletableFuture<Boolean> isVoter() {
    return driver.status().thenApply(s -> s.confState().voters().contains(driver.id())
        || s.confState().votersOutgoing().contains(driver.id()));
  }

  @Override
  public CompletableFuture<Long> readBarrier() {
    return driver.readBarrier();
  }
}
