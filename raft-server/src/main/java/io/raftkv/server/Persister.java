package io.raftkv.server;

import io.raftkv.raft.Ready;
import io.raftkv.raft.SnapshotChunk;
import io.raftkv.raft.log.StagedSnapshot;
import io.raftkv.raft.log.WritableStorage;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.ConfState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's only storage writer: one thread carries out the persistence step of each {@link Ready}
 * (snapshot chunks, snapshot, entries, hard state, one fsync) and snapshot/compaction requests.
 *
 * <p>Group commit falls out of the event loop's rhythm: while this thread fsyncs one Ready, the loop keeps
 * accepting proposals and messages, and the next Ready carries everything that arrived meanwhile, so one
 * fsync covers all of it. Invariant: Readies are persisted in the order they were submitted, and a
 * Ready's completion callback runs only after its writes are durable.
 */
final class Persister implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Persister.class);

  private final WritableStorage storage;
  private final ExecutorService thread;
  private final Consumer<Throwable> onFatal;

  Persister(String nodeId, WritableStorage storage, Consumer<Throwable> onFatal) {
    this.storage = storage;
    this.onFatal = onFatal;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "raft-persist-" + nodeId);
      t.setDaemon(true);
      return t;
    });
  }

  /** Persists {@code ready} durably, then calls {@code done} on this thread. */
  void persist(Ready ready, Runnable done) {
    thread.execute(() -> {
      try {
        for (SnapshotChunk c : ready.snapshotChunks()) {
          storage.writeSnapshotChunk(c.metadata(), c.offset(), c.data(), c.done());
        }
        if (ready.snapshot() != null) {
          storage.installSnapshot(ready.snapshot());
        }
        if (!ready.entries().isEmpty()) {
          storage.append(ready.entries());
        }
        if (ready.hardState() != null) {
          storage.setHardState(ready.hardState());
        }
        storage.sync();
        done.run();
      } catch (Throwable t) {
        // A node that cannot persist must not keep acknowledging anything: stop it.
        log.error("storage write failed; stopping the node", t);
        onFatal.accept(t);
      }
    });
  }

  /**
   * Writes a hard state whose only change is commitIndex, without an fsync of its own: commitIndex may
   * lag on disk (it is relearned from the leader), so it rides along with the next sync.
   */
  void writeLazily(HardState hardState) {
    thread.execute(() -> {
      try {
        storage.setHardState(hardState);
      } catch (Throwable t) {
        log.error("storage write failed; stopping the node", t);
        onFatal.accept(t);
      }
    });
  }

  /**
   * Publishes a snapshot the state machine staged at {@code index}, compacts the log behind it, and then
   * completes {@code done} with its metadata (exceptionally if it failed).
   */
  void snapshot(long index, ConfState confState, StagedSnapshot staged, long compactTo,
      CompletableFuture<SnapshotMetadata> done) {
    thread.execute(() -> {
      try {
        storage.createSnapshot(index, confState, staged);
        if (compactTo > storage.firstIndex() - 1) {
          storage.compact(compactTo);
        }
        storage.sync();
        log.info("snapshot at index {} ({} bytes); log compacted to {}", index, staged.sizeBytes(), compactTo);
        done.complete(storage.snapshotMetadata());
      } catch (Throwable t) {
        log.error("snapshot at index {} failed", index, t);
        done.completeExceptionally(t);
      }
    });
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
