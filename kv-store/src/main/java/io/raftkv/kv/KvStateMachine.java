package io.raftkv.kv;

import io.raftkv.api.GetResult;
import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.Keys;
import io.raftkv.api.KvResult;
import io.raftkv.api.Op;
import io.raftkv.api.RangeQuery;
import io.raftkv.api.RangeResult;
import io.raftkv.api.ReadOp;
import io.raftkv.api.ReadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.raftkv.api.WatchEvent;
import io.raftkv.api.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The replicated key-value state machine: applies committed {@link KvCommand}s in log order and serves reads
 * of the current state and, through {@link RangeQuery#revision}, of any revision kept since the last
 * compaction (the history lives in {@link KeyTable}; compaction is itself a replicated command, so every
 * replica keeps the same history).
 *
 * <p>Concurrency: one applier thread calls {@link #apply}, {@link #applyBatch}, {@link #markApplied} and
 * {@link #restore}; any number of threads read. A {@link ReentrantReadWriteLock} guards the table: writes
 * (a whole command, or a whole batch) run under the write lock, so a reader never sees part of a transaction;
 * reads and {@link #snapshot} run under the read lock and so see the state between two commands. A snapshot
 * of 100k keys holds the read lock for tens of milliseconds, which delays the applier, not readers.
 *
 * <p>Invariants: {@code lastApplied} only grows (apart from {@link #restore}); each index is applied at most
 * once; {@link #apply} is deterministic, so replicas that apply the same entries hold the same state. Size
 * limits ({@link KvLimits}) are admission checks for proposers, deliberately not enforced here.
 *
 * <p>Its answers are kv-api's records ({@link KvResult}, {@link ReadResult}, {@link KeyValue}), not store
 * types of its own: what applying a command yields is exactly what the API returns (same fields, same
 * meaning), so a second set of records would only be copied field by field into the first. What is the
 * store's alone keeps its own name: {@link StoredValue} (a key's stored state, without the key) and
 * {@link KvCommand} (a write as it sits in the Raft log).
 */
public final class KvStateMachine {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final KvLimits limits;
  private final WatchHub watchHub = new WatchHub();

  /** Guarded by {@link #lock}. */
  private KeyTable table = new KeyTable();

  /**
   * The index of the last Raft entry applied (or marked applied). Written under the write lock; volatile so
   * that monitoring can read it without the lock.
   */
  private volatile long lastApplied;

  /**
   * {@link KeyTable#storeBytes} as of the last command applied. Written under the write lock; volatile so that
   * the write quota, checked on every proposed put, reads it without waiting for a batch being applied.
   */
  private volatile long storeBytes;

  public KvStateMachine() {
    this(KvLimits.defaults());
  }

  public KvStateMachine(KvLimits limits) {
    this.limits = limits;
  }

  /** The limits proposers should check with {@link KvLimits#validate} before proposing. */
  public KvLimits limits() {
    return limits;
  }

  /**
   * Applies the command committed at {@code index}.
   *
   * @throws IllegalStateException if {@code index <= lastApplied}: applying an entry twice is a bug upstream
   */
  public KvResult apply(long index, KvCommand cmd) {
    lock.writeLock().lock();
    try {
      KvResult result = applyLocked(index, cmd);
      storeBytes = table.storeBytes();
      return result;
    } finally {
      lock.writeLock().unlock();
      watchHub.applied();
    }
  }

  /** Applies several commands in order under one lock acquisition; readers see all or none of them. */
  public List<KvResult> applyBatch(List<IndexedCommand> batch) {
    List<KvResult> results = new ArrayList<>(batch.size());
    lock.writeLock().lock();
    try {
      for (IndexedCommand c : batch) {
        results.add(applyLocked(c.index(), c.command()));
      }
      storeBytes = table.storeBytes();
    } finally {
      lock.writeLock().unlock();
      watchHub.applied();
    }
    return results;
  }

  /** Advances {@code lastApplied} over an entry that is not a KV command (a leader no-op, a config change). */
  public void markApplied(long index) {
    lock.writeLock().lock();
    try {
      checkIndex(index);
      lastApplied = index;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private KvResult applyLocked(long index, KvCommand cmd) {
    checkIndex(index);
    KvResult result = CommandApplier.apply(table, cmd);
    lastApplied = index;
    return result;
  }

  private void checkIndex(long index) {
    if (index <= lastApplied) {
      throw new IllegalStateException("entry " + index + " is not after lastApplied " + lastApplied);
    }
  }

  public long lastApplied() {
    return lastApplied;
  }

  /** The revision of the last change. */
  public long revision() {
    lock.readLock().lock();
    try {
      return table.revision();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The compaction point: reads below it are refused; 0 when nothing was compacted. */
  public long compactRevision() {
    lock.readLock().lock();
    try {
      return table.compactRevision();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The number of live keys. */
  public int size() {
    lock.readLock().lock();
    try {
      return table.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  public Optional<KeyValue> get(String key) {
    Keys.requireValidKey(key);
    lock.readLock().lock();
    try {
      StoredValue sv = table.get(key);
      return sv == null ? Optional.empty() : Optional.of(sv.toKeyValue(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Up to {@code limit} keys (0 = all) starting with {@code prefix}, in UTF-8 order, plus a "more" flag. */
  public RangeResult range(String prefix, int limit) {
    return (RangeResult) read(new Op.Range(prefix, limit));
  }

  /**
   * Answers a query from the current state, or for a {@link RangeQuery} with a revision, as of that revision.
   *
   * @throws RevisionUnavailableException when the revision is compacted or in the future
   */
  public ReadResult read(ReadOp query) {
    lock.readLock().lock();
    try {
      if (query instanceof RangeQuery q) {
        long at = q.revision() == 0 ? table.revision() : q.revision();
        checkReadable(at);
        return table.range(q.keys(), q.after(), q.limit(), at, q.keysOnly(), q.countOnly());
      }
      if (query instanceof Op.Get g) {
        StoredValue sv = table.get(g.key());
        return new GetResult(sv == null ? null : sv.toKeyValue(g.key()), table.revision());
      }
      Op.Range r = (Op.Range) query;
      return table.range(r.prefix(), r.limit(), table.revision());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Streams the whole store, its revision and lastApplied to {@code out}, consistent as of one point
   * between commands: the read lock is held throughout, so readers go on and only the applier waits (the
   * runtime calls this from the applier thread, so nothing waits at all).
   */
  public void snapshot(OutputStream out) throws IOException {
    lock.readLock().lock();
    try {
      SnapshotCodec.write(table, lastApplied, out);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Opens a watch of {@code range} from {@code startRevision} (inclusive; 0 = the next revision). The
   * watcher is pulled with {@link Watcher#poll}; {@code wake} runs (on the applier thread, so it must only
   * signal) when a poll found nothing and a change has been applied since.
   *
   * @throws RevisionUnavailableException when {@code startRevision} is compacted or beyond the next revision
   */
  public Watcher watch(KeyRange range, long startRevision, WatchFilter filter, boolean prevKv, Runnable wake) {
    lock.readLock().lock();
    try {
      long start = startRevision == 0 ? table.revision() + 1 : startRevision;
      if (start < table.compactRevision() || start > table.revision() + 1) {
        throw new RevisionUnavailableException(start, table.compactRevision(), table.revision() + 1);
      }
      return new Watcher(this, watchHub, range, start, filter, prevKv, wake);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The hub that wakes this store's watchers. */
  public WatchHub watchHub() {
    return watchHub;
  }

  /** What one {@link Watcher#poll} read: its responses and the cursor after them. */
  record WatchRead(List<WatchResponse> responses, long nextRevision) {}

  /** Reads the changes of {@code range} in {@code from..} (at most {@code maxRevisions}) for {@code w}. */
  WatchRead readChanges(Watcher w, KeyRange range, long from, int maxRevisions, WatchFilter filter,
      boolean prevKv) {
    lock.readLock().lock();
    try {
      if (from < table.compactRevision()) {
        throw new RevisionUnavailableException(from, table.compactRevision(), table.revision());
      }
      List<WatchResponse> out = new ArrayList<>();
      long rev = from;
      long last = Math.min(table.revision(), from + maxRevisions - 1);
      for (; rev <= last; rev++) {
        List<WatchEvent> events = WatchEvents.of(table, table.changesAt(rev), range, filter, prevKv);
        if (!events.isEmpty()) {
          out.add(new WatchResponse(rev, events));
        }
      }
      if (out.isEmpty() && rev > table.revision()) {
        watchHub.arm(w);
      }
      return new WatchRead(out, rev);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Throws unless {@code revision} is between the compaction point and the current revision. */
  /** The most a put of {@code key} to {@code value} adds to {@link #storeBytes}, in the same estimate. */
  public static long bytesOfPut(String key, byte[] value) {
    return StoreBytes.ofPut(key, value);
  }

  /**
   * The estimated heap of the whole state, keys, live values and kept history (docs/API.md "Memory"); what
   * the node's write quota ({@code --quota-bytes}) bounds.
   */
  public long storeBytes() {
    return storeBytes;
  }

  /** The estimated heap of the kept history: versions that are no key's current state. */
  public long historyBytes() {
    lock.readLock().lock();
    try {
      return table.historyBytes();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The revision to compact at so that the history takes at most {@code maxHistoryBytes}, or 0 when it
   * already does (what the leader proposes when history outgrows {@code --max-history-bytes}).
   */
  public long compactionTargetFor(long maxHistoryBytes) {
    lock.readLock().lock();
    try {
      return table.compactionTargetFor(maxHistoryBytes);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkReadable(long revision) {
    if (revision < table.compactRevision() || revision > table.revision()) {
      throw new RevisionUnavailableException(revision, table.compactRevision(), table.revision());
    }
  }

  /**
   * The proposer's check of {@code cmd}: the {@link KvLimits}, and for a compaction that its revision is not
   * in the future (etcd refuses that too; one at or below the current point is allowed and changes nothing).
   *
   * @throws IllegalArgumentException when a limit is broken
   * @throws RevisionUnavailableException for a compaction to a future revision
   */
  public void admit(KvCommand cmd) {
    limits.validate(cmd);
    if (cmd instanceof KvCommand.Compact c) {
      lock.readLock().lock();
      try {
        if (c.revision() > table.revision()) {
          throw new RevisionUnavailableException(c.revision(), table.compactRevision(), table.revision());
        }
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  /** {@link #snapshot(OutputStream)} into one array (tests, small stores). */
  public byte[] snapshot() {
    lock.readLock().lock();
    try {
      return SnapshotCodec.encode(table, lastApplied);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Replaces the whole state with the snapshot read from {@code in}, which must end where the snapshot
   * ends. The snapshot is decoded into a new table and verified before anything changes, so a corrupt
   * snapshot throws {@link KvCodecException} and leaves the current state intact (the price: old and new
   * table coexist until the swap).
   */
  public void restore(InputStream in) throws IOException {
    install(SnapshotCodec.decode(in));
  }

  /** {@link #restore(InputStream)} from one array. */
  public void restore(byte[] snapshot) {
    install(SnapshotCodec.decode(snapshot));
  }

  private void install(SnapshotCodec.Decoded decoded) {
    lock.writeLock().lock();
    try {
      table = decoded.table();
      lastApplied = decoded.lastApplied();
      storeBytes = table.storeBytes();
    } finally {
      lock.writeLock().unlock();
      watchHub.applied();
    }
  }

  /**
   * Verifies a snapshot read from {@code in} (every invariant and the checksum) and summarizes it, keeping
   * only one key at a time in memory (for inspecting backups).
   */
  public static KvSnapshotSummary verify(InputStream in) throws IOException {
    return SnapshotCodec.read(in, (k, v) -> { }).kv();
  }
}
