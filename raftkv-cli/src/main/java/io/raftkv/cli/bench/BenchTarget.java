package io.raftkv.cli.bench;

import java.util.concurrent.CompletableFuture;

/**
 * What the load tool drives: one client connection set of one system. RaftKV is {@link RaftKvTarget}; a
 * second system (etcd via jetcd, in the bench jar) plugs in by implementing this and registering a
 * {@link TargetKind} with {@link TargetKinds#with}.
 *
 * <p>Each operation's future completes with its {@link Outcome} or exceptionally with the client's error;
 * implementations must not block the calling thread.
 */
public interface BenchTarget extends AutoCloseable {

  /** How a completed operation ended. */
  enum Outcome {
    /** Done as asked. */
    OK,
    /** A read found no such key. */
    MISS,
    /** A compare-and-set found a different revision and wrote nothing. */
    CONFLICT
  }

  CompletableFuture<Outcome> put(String key, byte[] value);

  CompletableFuture<Outcome> get(String key, boolean serializable);

  /**
   * Compare-and-set: writes {@code value} only if the key's modRevision is the last one this target saw
   * for it (0 = absent), in one transaction that returns the current revision on a conflict.
   */
  CompletableFuture<Outcome> cas(String key, byte[] value);

  @Override
  void close();
}
