package io.raftkv.server;

import io.raftkv.raft.log.SnapshotUnavailableException;
import io.raftkv.raft.log.StagedSnapshot;
import io.raftkv.raft.log.WritableStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed entries to the {@link StateMachine} on one thread, serves confirmed reads once the
 * state has caught up with their read index, and takes snapshots (by entry count or applied bytes). After
 * each pass that applied something it reports {@code lastApplied} ({@code onApplied}), which frees the core's
 * apply budget ({@link io.raftkv.raft.Config#maxUnappliedBytes()}): what waits in its queue stays bounded.
 *
 * <p>Invariant: {@code lastApplied} only grows, entries are applied exactly once in index order, and a read
 * confirmed at index i completes only after every entry up to i is applied (thesis §6.4), on this thread,
 * so a read callback sees a state at least that new and never a half-applied batch.
 */
final class Applier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Applier.class);

  /** Work for the applier, in the order the event loop produced it. */
  private sealed interface Task {}

  private record Restore(SnapshotMetadata metadata) implements Task {}

  /** {@code bytes}: the entries' payload, summed once when queued. */
  private record Apply(List<Entry> entries, ConfState confState, long bytes) implements Task {}

  private record Read(long index, List<CompletableFuture<Long>> waiters) implements Task {}

  private record Stop() implements Task {}

  /** A snapshot at the current lastApplied, asked for from outside (a backup). */
  private record SnapshotNow(CompletableFuture<SnapshotMetadata> done) implements Task {}

  private record PendingRead(long index, List<CompletableFuture<Long>> waiters) {}

  private final StateMachine stateMachine;
  private final WritableStorage storage;
  private final Persister persister;
  private final NodeOptions options;
  private final Consumer<Throwable> onFatal;
  private final LongConsumer onApplied;
  /** Told, on the persister's thread, of every snapshot this applier took once it is durable. */
  private final Consumer<SnapshotMetadata> onSnapshot;
  private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
  private final PriorityQueue<PendingRead> reads =
      new PriorityQueue<>((a, b) -> Long.compare(a.index(), b.index()));
  private final Thread thread;

  /** Payload of the entries queued in {@link #tasks} and not yet applied (bounded by the core's cap). */
  private final AtomicLong queuedBytes = new AtomicLong();

  /** Invariant: only this applier's thread writes it; grows monotonically. */
  private volatile long lastApplied;
  private long lastSnapshotIndex;
  private long bytesSinceSnapshot; // entry payload applied since lastSnapshotIndex
  private long reportedApplied; // the last lastApplied passed to onApplied
  private volatile long lastSnapshotPauseMicros;
  private ConfState confState;

  Applier(String nodeId, StateMachine stateMachine, WritableStorage storage, Persister persister,
      NodeOptions options, ConfState initialConfState, Consumer<Throwable> onFatal, LongConsumer onApplied,
      Consumer<SnapshotMetadata> onSnapshot) {
    this.stateMachine = stateMachine;
    this.storage = storage;
    this.persister = persister;
    this.options = options;
    this.onFatal = onFatal;
    this.onApplied = onApplied;
    this.onSnapshot = onSnapshot;
    this.confState = initialConfState;
    SnapshotMetadata snap = storage.snapshotMetadata();
    if (!snap.isEmpty()) {
      restoreFrom(snap);
      lastApplied = snap.index();
      lastSnapshotIndex = snap.index();
    }
    this.thread = new Thread(this::run, "raft-apply-" + nodeId);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  long lastApplied() {
    return lastApplied;
  }

  void restore(SnapshotMetadata metadata) {
    tasks.add(new Restore(metadata));
  }

  void apply(List<Entry> entries, ConfState newConfState) {
    if (!entries.isEmpty() || newConfState != null) {
      long bytes = payload(entries);
      queuedBytes.addAndGet(bytes);
      tasks.add(new Apply(entries, newConfState, bytes));
    }
  }

  /** Bytes of entries handed to {@link #apply} and not yet applied (for tests and status). */
  long queuedBytes() {
    return queuedBytes.get();
  }

  private static long payload(List<Entry> entries) {
    long bytes = 0;
    for (Entry e : entries) {
      bytes += e.sizeBytes();
    }
    return bytes;
  }

  /** Completes {@code waiters} with {@code index} once applied up to it. */
  void read(long index, List<CompletableFuture<Long>> waiters) {
    tasks.add(new Read(index, waiters));
  }

  private void run() {
    try {
      while (true) {
        Task task = tasks.take();
        if (task instanceof Stop) {
          break;
        }
        handle(task);
        // Drain what else is queued before serving reads: one pass, many tasks.
        Task next;
        boolean stop = false;
        while ((next = tasks.poll()) != null) {
          if (next instanceof Stop) {
            stop = true;
            break;
          }
          handle(next);
        }
        serveReads();
        if (lastApplied != reportedApplied) {
          reportedApplied = lastApplied;
          onApplied.accept(lastApplied); // lets the event loop hand out more committed entries
        }
        maybeSnapshot();
        if (stop) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      log.error("state machine failed; stopping the node", t);
      onFatal.accept(t);
    }
    failPendingReads();
  }

  private void handle(Task task) {
    if (task instanceof Apply a) {
      applyEntries(a);
      queuedBytes.addAndGet(-a.bytes());
    } else if (task instanceof Read r) {
      reads.add(new PendingRead(r.index(), r.waiters()));
    } else if (task instanceof SnapshotNow s) {
      snapshotNow(s.done());
    } else if (task instanceof Restore r) {
      if (!restoreFrom(r.metadata())) {
        return;
      }
      lastApplied = r.metadata().index();
      lastSnapshotIndex = r.metadata().index();
      bytesSinceSnapshot = 0;
      confState = r.metadata().confState();
      log.info("restored state machine from snapshot at index {}", lastApplied);
    }
  }

  /**
   * Streams the snapshot {@code metadata} from storage into the state machine. Returns false when a newer
   * snapshot already replaced it on disk: its own Restore task, queued behind this one, installs that.
   */
  private boolean restoreFrom(SnapshotMetadata metadata) {
    InputStream in;
    try {
      in = storage.openSnapshot(metadata.index());
    } catch (SnapshotUnavailableException superseded) {
      log.info("snapshot at index {} was superseded before it was restored", metadata.index());
      return false;
    }
    try (in) {
      stateMachine.restore(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore snapshot at index " + metadata.index(), e);
    }
    return true;
  }

  private void applyEntries(Apply a) {
    List<Entry> fresh = a.entries();
    if (!fresh.isEmpty() && fresh.get(0).index() <= lastApplied) {
      // After a restore, entries the snapshot already covers are skipped.
      List<Entry> rest = new ArrayList<>(fresh.size());
      for (Entry e : fresh) {
        if (e.index() > lastApplied) {
          rest.add(e);
        }
      }
      fresh = rest;
    }
    if (!fresh.isEmpty()) {
      if (fresh.get(0).index() != lastApplied + 1) {
        throw new IllegalStateException(
            "gap in applied entries: lastApplied=" + lastApplied + " next=" + fresh.get(0).index());
      }
      stateMachine.apply(fresh);
      lastApplied = fresh.get(fresh.size() - 1).index();
      bytesSinceSnapshot += fresh.size() == a.entries().size() ? a.bytes() : payload(fresh);
    }
    if (a.confState() != null) {
      confState = a.confState();
    }
  }

  private void serveReads() {
    while (!reads.isEmpty() && reads.peek().index() <= lastApplied) {
      PendingRead r = reads.poll();
      for (CompletableFuture<Long> w : r.waiters()) {
        w.complete(r.index());
      }
    }
  }

  private void maybeSnapshot() {
    if (lastApplied - lastSnapshotIndex < options.snapshotEntries()
        && (bytesSinceSnapshot < options.snapshotBytes() || lastApplied == lastSnapshotIndex)) {
      return;
    }
    takeSnapshot(new CompletableFuture<>());
  }

  /**
   * Stages a snapshot at lastApplied on this thread (applying pauses meanwhile, so it is exactly that
   * state) and hands it to the persister to publish; {@code done} completes once it is durable.
   */
  private void takeSnapshot(CompletableFuture<SnapshotMetadata> done) {
    long index = lastApplied;
    long started = System.nanoTime();
    StagedSnapshot staged;
    try {
      staged = storage.stageSnapshot(stateMachine::snapshot);
    } catch (UncheckedIOException e) {
      // Nothing current was touched (a full disk, say): keep applying, try again after another interval.
      log.error("cannot stage a snapshot at index {}", index, e);
      lastSnapshotIndex = index;
      bytesSinceSnapshot = 0;
      done.completeExceptionally(e);
      return;
    }
    long pausedMicros = (System.nanoTime() - started) / 1000;
    lastSnapshotPauseMicros = pausedMicros;
    lastSnapshotIndex = index;
    bytesSinceSnapshot = 0;
    log.info("staged snapshot at index {} ({} bytes); applying paused {} ms", index, staged.sizeBytes(),
        pausedMicros / 1000);
    done.thenAccept(onSnapshot);
    persister.snapshot(index, confState, staged, Math.max(0, index - options.retainEntries()), done);
  }

  private void snapshotNow(CompletableFuture<SnapshotMetadata> done) {
    SnapshotMetadata current = storage.snapshotMetadata();
    if (!current.isEmpty() && current.index() == lastApplied) {
      done.complete(current);
    } else if (lastApplied == 0 || lastApplied < current.index()) {
      done.completeExceptionally(new IllegalStateException("nothing applied yet to snapshot"));
    } else {
      takeSnapshot(done);
    }
  }

  /**
   * Makes a snapshot of everything applied so far (at least up to every entry applied when this is
   * called) durable and current; completes with its metadata. The caller reads it with
   * {@link WritableStorage#openSnapshot}.
   */
  CompletableFuture<SnapshotMetadata> snapshotNow() {
    CompletableFuture<SnapshotMetadata> done = new CompletableFuture<>();
    tasks.add(new SnapshotNow(done));
    return done;
  }

  /** How long applying paused for the latest snapshot (the state machine streaming its state). */
  long lastSnapshotPauseMicros() {
    return lastSnapshotPauseMicros;
  }

  private void failPendingReads() {
    IllegalStateException stopped = new IllegalStateException("node stopped");
    for (PendingRead r : reads) {
      r.waiters().forEach(w -> w.completeExceptionally(stopped));
    }
    reads.clear();
  }

  @Override
  public void close() {
    tasks.add(new Stop());
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
