package io.raftkv.server;

import io.raftkv.raft.Ready;
import io.raftkv.raft.SnapshotChunk;
import io.raftkv.raft.log.StagedSnapshot;
import io.raftkv.raft.log.WritableStorage;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.ConfState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's only storage writer: one thread carries out the persistence step of each {@link Ready}
 * (snapshot chunks, snapshot, entries, hard state, fsync) and snapshot/compaction requests.
 *
 * <p>Readies are pipelined (asynchronous storage writes, issue #10): the event loop hands over the next
 * Ready while this thread still fsyncs an earlier one, up to the core's
 * {@link io.raftkv.raft.Config#maxInflightReadies()}. Group commit: when this thread gets to the queue it
 * writes every Ready waiting there and covers them all with one fsync, so a slow disk means fewer, larger
 * syncs rather than a longer queue. Invariants: Readies are written in the order they were submitted;
 * completion callbacks run in that order, each only after its writes and every earlier Ready's are
 * durable.
 */
final class Persister implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Persister.class);

  private final WritableStorage storage;
  private final ExecutorService thread;
  private final Consumer<Throwable> onFatal;
  /** Readies submitted and not yet taken by this thread, in submission order. */
  private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();
  /** The last entry index of any Ready submitted (for tests: what the loop has handed to storage). */
  private volatile long submittedLastIndex;

  private record Write(Ready ready, Runnable done) {}

  Persister(String nodeId, WritableStorage storage, Consumer<Throwable> onFatal) {
    this.storage = storage;
    this.onFatal = onFatal;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "raft-persist-" + nodeId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Persists {@code ready} after every Ready submitted before it (durably if {@link Ready#mustSync()}, or
   * if a Ready written in the same batch must be synced), then calls {@code done} on this thread.
   */
  void persist(Ready ready, Runnable done) {
    if (!ready.entries().isEmpty()) {
      submittedLastIndex = ready.entries().get(ready.entries().size() - 1).index();
    }
    queue.add(new Write(ready, done));
    thread.execute(this::writeQueued);
  }

  /** The last entry index handed over by {@link #persist} (written or still queued). */
  long submittedLastIndex() {
    return submittedLastIndex;
  }

  /** Writes every queued Ready, one fsync for all, then completes them in order. */
  private void writeQueued() {
    List<Write> batch = new ArrayList<>();
    for (Write w = queue.poll(); w != null; w = queue.poll()) {
      batch.add(w);
    }
    if (batch.isEmpty()) {
      return; // an earlier task took this submission's Ready along
    }
    try {
      boolean sync = false;
      for (Write w : batch) {
        write(w.ready());
        sync |= w.ready().mustSync();
      }
      if (sync) {
        storage.sync();
      }
    } catch (Throwable t) {
      // A node that cannot persist must not keep acknowledging anything: stop it.
      log.error("storage write failed; stopping the node", t);
      onFatal.accept(t);
      return;
    }
    for (Write w : batch) {
      w.done().run();
    }
  }

  private void write(Ready ready) {
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
