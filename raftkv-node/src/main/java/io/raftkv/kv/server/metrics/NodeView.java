package io.raftkv.kv.server.metrics;

import java.util.concurrent.CompletableFuture;

/**
 * What the probes and metrics read from a running node, behind an interface so each check can be tested
 * against a fake. The production view is {@link DriverView}. All methods are cheap and safe on any thread;
 * the two futures are the only ones that wait on the Raft event loop.
 */
public interface NodeView {

  /** The leader this node knows, or null. */
  String leaderId();

  boolean isLeader();

  long term();

  long commitIndex();

  long lastApplied();

  /** Snapshots received from a leader and installed (a node that caught up by snapshot), since start. */
  long snapshotsInstalled();

  /** Bytes of committed entries queued for the applier. */
  long applyBacklogBytes();

  /** {@link System#nanoTime()} at the event loop's latest pass. */
  long lastLoopPassNanos();

  /** {@link System#nanoTime()} since which a Ready waits for the Persister, or 0 when none does. */
  long persistPendingSinceNanos();

  /** Non-null once the node stopped itself after a storage or state machine failure. */
  Throwable fatalError();

  /** Whether this node is a voter of the current configuration (taken on the event loop). */
  CompletableFuture<Boolean> isVoter();

  /** A ReadIndex round (thesis §6.4): completes once leadership is confirmed and applied caught up. */
  CompletableFuture<Long> readBarrier();
}
