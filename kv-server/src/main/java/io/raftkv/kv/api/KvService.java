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
import java.util.concurrent.CompletableFuture;

/**
 * The key-value service behind the HTTP API: the boundary between the client-facing layer and replication.
 * The product implements it with Raft (in {@code io.raftkv.kv.server}); {@link LocalKvService} is a
 * single-process fixture for tests and development.
 *
 * <p>Every future completes exceptionally only with a {@link KvServiceException}, whose kind tells whether
 * the command may have been applied. Implementations must be thread-safe and must not block the caller.
 */
public interface KvService {

  /**
   * Replicates and applies {@code cmd}; completes with its result once applied on this node. A
   * {@link io.raftkv.api.PreconditionFailed} is a normal result, not a failure.
   */
  CompletableFuture<KvResult> write(KvCommand cmd);

  /** Answers {@code query} with the given freshness. */
  CompletableFuture<ReadResult> read(ReadOp query, Consistency consistency);

  /** This node's view of the cluster; cheap, never blocks on the network. */
  ClusterStatus clusterStatus();

  /** Whether this node knows a leader and has applied everything it knows committed. */
  boolean healthy();

  /**
   * A consistent snapshot of the whole state, at least as new as every write acknowledged before the call
   * when {@code consistency} is linearizable (a ReadIndex barrier first), or whatever this node has applied
   * when serializable (a backup from a cluster without quorum). Services without snapshots refuse.
   */
  default CompletableFuture<SnapshotStream> snapshot(Consistency consistency) {
    return CompletableFuture.failedFuture(
        new KvServiceException(KvServiceException.Kind.BAD_REQUEST, "this service does not make snapshots"));
  }

  /**
   * Opens a watch on this node's store (see {@link io.raftkv.kv.KvStateMachine#watch}); watches read local
   * applied state, as etcd's do, so any node serves them.
   *
   * @throws io.raftkv.kv.RevisionUnavailableException for a compacted or future start revision
   */
  Watcher watch(KeyRange range, long startRevision, WatchFilter filter, boolean prevKv, Runnable wake);

  /** Whether this node knows a leader now; cheap (watch streams poll it). */
  default boolean leaderKnown() {
    return true;
  }
}
