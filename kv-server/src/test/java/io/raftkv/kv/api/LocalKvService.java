package io.raftkv.kv.api;

import io.raftkv.api.ClusterStatus;
import io.raftkv.api.Consistency;
import io.raftkv.api.KeyRange;
import io.raftkv.api.KvResult;
import io.raftkv.api.ReadOp;
import io.raftkv.api.ReadResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.WatchFilter;
import io.raftkv.kv.Watcher;
import io.raftkv.kv.KvStateMachine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link KvService} over one in-process {@link KvStateMachine} with no replication: every write is
 * "committed" at the next index by a single applier thread, as Raft's applier would apply it.
 *
 * <p>A test and development fixture, NOT a mode of the product: it has no durability and no fault
 * tolerance. It exists so the HTTP layer can be exercised end to end against the real state machine.
 * Reads are trivially linearizable because there is one copy of the state and writes complete only once
 * applied.
 */
public final class LocalKvService implements KvService, AutoCloseable {

  private static final String NODE_ID = "local";

  private final KvStateMachine stateMachine;
  private final ExecutorService applier;

  /** The next Raft-like index to assign; only the applier thread touches it. */
  private long nextIndex;

  public LocalKvService(KvStateMachine stateMachine) {
    this.stateMachine = stateMachine;
    this.nextIndex = stateMachine.lastApplied() + 1;
    this.applier = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "local-kv-apply");
      t.setDaemon(true);
      return t;
    });
  }

  public KvStateMachine stateMachine() {
    return stateMachine;
  }

  @Override
  public CompletableFuture<KvResult> write(KvCommand cmd) {
    KvServiceException refused = StoreCalls.refusal(stateMachine, cmd);
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    CompletableFuture<KvResult> result = new CompletableFuture<>();
    try {
      applier.execute(() -> {
        try {
          result.complete(stateMachine.apply(nextIndex++, cmd));
        } catch (RuntimeException e) {
          result.completeExceptionally(new KvServiceException(KvServiceException.Kind.INTERNAL,
              "apply failed: " + e.getMessage(), null, e));
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new KvServiceException(KvServiceException.Kind.NOT_APPLIED_RETRYABLE,
          "service is shutting down"));
    }
    return result;
  }

  @Override
  public CompletableFuture<ReadResult> read(ReadOp query, Consistency consistency) {
    return StoreCalls.read(stateMachine, query);
  }

  @Override
  public Watcher watch(KeyRange range, long startRevision, WatchFilter filter, boolean prevKv, Runnable wake) {
    return stateMachine.watch(range, startRevision, filter, prevKv, wake);
  }

  @Override
  public ClusterStatus clusterStatus() {
    long applied = stateMachine.lastApplied();
    ClusterStatus.Member self =
        new ClusterStatus.Member(NODE_ID, "", "", "leader", applied, applied + 1, "replicate");
    return new ClusterStatus("local", NODE_ID, NODE_ID, 1, applied, applied, List.of(self));
  }

  @Override
  public boolean healthy() {
    return !applier.isShutdown();
  }

  @Override
  public void close() {
    applier.shutdown();
    try {
      applier.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
