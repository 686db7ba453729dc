package io.raftkv.storage;

import io.raftkv.raft.log.InitialState;
import io.raftkv.raft.log.WritableStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.storage.WalRecord.BootstrapRecord;
import io.raftkv.storage.WalRecord.CompactRecord;
import io.raftkv.storage.WalRecord.EntryRecord;
import io.raftkv.storage.WalRecord.HardStateRecord;
import io.raftkv.storage.WalRecord.SegmentHeader;
import io.raftkv.raft.log.SnapshotWriter;
import io.raftkv.raft.log.StagedSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Durable Raft storage in a data directory: a segmented write-ahead log ({@code wal/}, see
 * {@link SegmentedLog}) holding entries, hard state, compactions and the founding membership, and the
 * latest snapshot ({@code snap/}, see {@link SnapshotStore}). {@code LOCK} keeps a second process out.
 *
 * <p>Durability: writes are buffered and reach the disk at {@link #sync()} in one write and one fsync
 * (group commit); nothing is durable before. After a crash the log holds a prefix of the unsynced writes,
 * never a torn record (every record carries a CRC32C and a torn tail is cut off at open). Snapshots are
 * durable when createSnapshot/installSnapshot return (temp file, fsync, atomic rename, directory fsync).
 *
 * <p>Threading: exactly one writer thread calls the {@link WritableStorage} methods and {@link #close()};
 * the {@link io.raftkv.raft.log.Storage} read methods may run concurrently on another thread. Entries are
 * shared through {@link EntryLog}: a read-write lock held briefly, recent entries served from memory,
 * older ones by positional reads of records that are never rewritten in place, so readers never see a
 * torn entry.
 *
 * <p>Failure: an I/O error in a write method leaves the storage failed (later writes throw
 * {@link IllegalStateException}); after a failed fsync the page cache cannot be trusted, so the process
 * should restart and recover from disk.
 */
public final class DurableStorage implements WritableStorage, AutoCloseable {

  /**
   * @param segmentBytes size of each pre-allocated WAL segment (a larger record gets a segment of its own)
   * @param cacheBytes budget for log entries kept in memory (by {@link Entry#sizeBytes()})
   */
  public record Options(long segmentBytes, long cacheBytes) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final long DEFAULT_CACHE_BYTES = 64L << 20;

    public Options {
      if (segmentBytes < 512 || segmentBytes > (1L << 30)) {
        throw new IllegalArgumentException("segmentBytes must be in [512, 1 GiB], got " + segmentBytes);
      }
      if (cacheBytes < 0) {
        throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
      }
    }

    public static Options defaults() {
      return new Options(DEFAULT_SEGMENT_BYTES, DEFAULT_CACHE_BYTES);
    }

    public Options withSegmentBytes(long bytes) {
      return new Options(bytes, cacheBytes);
    }

    public Options withCacheBytes(long bytes) {
      return new Options(segmentBytes, bytes);
    }
  }

  /** Buffered bytes beyond which append() writes them out before sync() (bounds memory, not durability). */
  private static final int FLUSH_THRESHOLD = 4 << 20;

  private final Path dataDir;
  private final DataDirLock dirLock;
  private final SegmentedLog wal;
  private final SnapshotStore snapshots;
  private final EntryLog log;
  private volatile HardState hardState;
  private volatile ConfState bootstrap;
  private volatile long syncs;
  private volatile boolean closed;
  private volatile StorageObserver observer = StorageObserver.NONE;
  /** First write error; once set, the storage refuses writes. Writer thread only. */
  private Throwable failure;
  /** A compaction happened since the last sync, so segments may have become obsolete. */
  private boolean compacted;

  private DurableStorage(Path dataDir, DataDirLock dirLock, SegmentedLog wal, SnapshotStore snapshots,
      RecoveredState state) {
    this.dataDir = dataDir;
    this.dirLock = dirLock;
    this.wal = wal;
    this.snapshots = snapshots;
    this.log = new EntryLog(state.index, wal);
    this.hardState = state.hardState;
    this.bootstrap = state.bootstrap;
  }

  /**
   * Opens the storage in {@code dataDir} (created if absent), recovering whatever a previous process left.
   *
   * @throws StorageCorruptedException if any data other than a torn WAL tail fails verification; the
   *     message names the file and byte offset
   * @throws IllegalStateException if another {@code DurableStorage} has the directory open
   * @throws UncheckedIOException on I/O errors
   */
  public static DurableStorage open(Path dataDir, Options options) {
    DataDirLock dirLock = null;
    SnapshotStore snapshots = null;
    SegmentedLog wal = null;
    try {
      dirLock = DataDirLock.acquire(dataDir);
      snapshots = SnapshotStore.open(dataDir.resolve("snap"));
      RecoveredState state = new RecoveredState(new EntryIndex(options.cacheBytes()));
      Path walDir = dataDir.resolve("wal");
      wal = SegmentedLog.open(walDir, options.segmentBytes(), state);
      if (!state.complete()) {
        throw new StorageCorruptedException(walDir, 0, "log starts at entry " + state.index.firstIndex()
            + " but no compaction record covers the entries before it");
      }
      DurableStorage storage = new DurableStorage(dataDir, dirLock, wal, snapshots, state);
      storage.reconcileSnapshot(walDir);
      return storage;
    } catch (IOException e) {
      closeQuietly(wal, snapshots, dirLock);
      throw new UncheckedIOException("cannot open storage in " + dataDir, e);
    } catch (RuntimeException e) {
      closeQuietly(wal, snapshots, dirLock);
      throw e;
    }
  }

  /**
   * Makes the log agree with the snapshot after a crash between making a snapshot current and logging the
   * compaction that installing it implies: a log that does not contain the snapshot's last entry is
   * discarded, exactly as {@link #installSnapshot} would have done.
   */
  private void reconcileSnapshot(Path walDir) throws IOException {
    SnapshotMetadata snap = snapshots.metadata();
    wal.startWriting(this::segmentHeader);
    if (snap.index() < log.prevIndex()) {
      throw new StorageCorruptedException(walDir, 0, "log is compacted through " + log.prevIndex()
          + " but the latest snapshot only covers " + snap.index());
    }
    if (!snap.isEmpty() && !log.matches(snap.index(), snap.term())) {
      wal.add(new CompactRecord(snap.index(), snap.term(), true));
      log.reset(snap.index(), snap.term());
    }
    wal.force();
  }

  private SegmentHeader segmentHeader() {
    long prevIndex = log.prevIndex();
    return new SegmentHeader(hardState, prevIndex, log.term(prevIndex), bootstrap);
  }

  public Path dataDir() {
    return dataDir;
  }

  // ---- Storage: read side, any thread ----

  @Override
  public InitialState initialState() {
    SnapshotMetadata snap = snapshots.metadata();
    ConfState conf = !snap.isEmpty() ? snap.confState() : bootstrap != null ? bootstrap : ConfState.EMPTY;
    return new InitialState(hardState, conf);
  }

  @Override
  public List<Entry> entries(long lo, long hi, long maxBytes) {
    return log.entries(lo, hi, maxBytes);
  }

  @Override
  public long term(long i) {
    return log.term(i);
  }

  @Override
  public long firstIndex() {
    return log.firstIndex();
  }

  @Override
  public long lastIndex() {
    return log.lastIndex();
  }

  @Override
  public SnapshotMetadata snapshotMetadata() {
    return snapshots.metadata();
  }

  @Override
  public byte[] snapshotChunk(long snapshotIndex, long offset, int maxBytes) {
    try {
      return snapshots.chunk(snapshotIndex, offset, maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + snapshotIndex, e);
    }
  }

  @Override
  public InputStream openSnapshot(long snapshotIndex) {
    try {
      return snapshots.open(snapshotIndex);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read snapshot " + snapshotIndex, e);
    }
  }

  /** Any thread: streams the data into a temporary file of the snapshot directory. */
  @Override
  public StagedSnapshot stageSnapshot(SnapshotWriter data) {
    Objects.requireNonNull(data, "data");
    if (closed) {
      throw new IllegalStateException("storage in " + dataDir + " is closed");
    }
    try {
      return snapshots.stage(data);
    } catch (IOException e) {
      // Not a storage failure: nothing current was touched, and the log stays writable.
      throw new UncheckedIOException("cannot stage snapshot in " + dataDir, e);
    }
  }

  /** Counters for monitoring; cheap (one uncontended read lock). */
  /** Reports each WAL fsync and snapshot write to {@code o} from now on (replacing the previous one). */
  public void observe(StorageObserver o) {
    observer = Objects.requireNonNull(o, "o");
    wal.observe(o);
  }

  public StorageMetrics metrics() {
    return new StorageMetrics(syncs, wal.fsyncs(), wal.writes(), wal.bytesWritten(), wal.lastFsyncMicros(),
        wal.maxFsyncMicros(), wal.totalFsyncMicros(), wal.rolls(), wal.segmentCount(), log.cachedBytes());
  }

  // ---- WritableStorage: write side, the writer thread only ----

  /** Records the founding membership and syncs (bootstrap is rare and must not be lost). */
  @Override
  public void bootstrap(ConfState initial) {
    Objects.requireNonNull(initial, "initial");
    checkWritable();
    if (log.lastIndex() != 0 || !hardState.isEmpty() || !snapshots.metadata().isEmpty() || bootstrap != null) {
      throw new IllegalStateException("cannot bootstrap non-empty storage in " + dataDir);
    }
    write(() -> {
      wal.add(new BootstrapRecord(initial));
      bootstrap = initial;
    });
    sync();
  }

  @Override
  public void append(List<Entry> entries) {
    checkWritable();
    if (entries.isEmpty()) {
      return;
    }
    long first = entries.get(0).index();
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).index() != first + i) {
        throw new IllegalArgumentException("entries not contiguous at " + entries.get(i).index());
      }
    }
    long lastIndex = log.lastIndex();
    if (first > lastIndex + 1 || first < 1) {
      throw new IllegalArgumentException("append at " + first + " would leave a gap after " + lastIndex);
    }
    // Entries a snapshot already covers are dropped, as etcd's MemoryStorage does.
    int skip = (int) Math.max(0, Math.min(entries.size(), log.firstIndex() - first));
    if (skip == entries.size()) {
      return;
    }
    List<Entry> kept = entries.subList(skip, entries.size());
    long[] positions = new long[kept.size()];
    int[] lengths = new int[kept.size()];
    write(() -> {
      for (int i = 0; i < kept.size(); i++) {
        positions[i] = wal.add(new EntryRecord(kept.get(i)));
        lengths[i] = wal.lastFrameLength();
      }
    });
    log.publish(kept, positions, lengths);
    if (wal.pendingBytes() > FLUSH_THRESHOLD) {
      write(wal::flush);
      log.evict();
    }
  }

  @Override
  public void setHardState(HardState next) {
    Objects.requireNonNull(next, "hardState");
    checkWritable();
    if (next.equals(hardState)) {
      return;
    }
    write(() -> {
      wal.add(new HardStateRecord(next));
      hardState = next;
    });
  }

  @Override
  public void writeSnapshotChunk(SnapshotMetadata metadata, long offset, byte[] data, boolean done) {
    checkWritable();
    write(() -> snapshots.writeChunk(metadata, offset, data, done));
  }

  @Override
  public void installSnapshot(SnapshotMetadata metadata) {
    checkWritable();
    if (metadata.index() <= snapshots.metadata().index()) {
      throw new IllegalStateException("snapshot " + metadata.index() + " is not newer than the current one at "
          + snapshots.metadata().index());
    }
    boolean discard = !log.matches(metadata.index(), metadata.term());
    write(() -> {
      snapshots.install(metadata);
      wal.add(new CompactRecord(metadata.index(), metadata.term(), discard));
    });
    if (discard) {
      log.reset(metadata.index(), metadata.term());
    } else {
      log.compactTo(metadata.index(), metadata.term());
    }
    compacted = true;
  }

  @Override
  public void createSnapshot(long snapshotIndex, ConfState confState, StagedSnapshot staged) {
    Objects.requireNonNull(confState, "confState");
    if (!(staged instanceof StagedSnapshotFile file)) {
      throw new IllegalArgumentException("snapshot was not staged by this storage");
    }
    try {
      publishStaged(snapshotIndex, confState, file);
    } finally {
      staged.discard(); // a no-op once published (the file was renamed)
    }
  }

  private void publishStaged(long snapshotIndex, ConfState confState, StagedSnapshotFile staged) {
    checkWritable();
    if (snapshotIndex <= snapshots.metadata().index()) {
      throw new IllegalArgumentException("snapshot at " + snapshotIndex + " is not newer than the current one at "
          + snapshots.metadata().index());
    }
    if (snapshotIndex < log.prevIndex() || snapshotIndex > log.lastIndex()) {
      throw new IllegalArgumentException("snapshot index " + snapshotIndex + " outside the log ["
          + log.prevIndex() + ", " + log.lastIndex() + "]");
    }
    long term = log.term(snapshotIndex);
    long t0 = System.nanoTime();
    write(() -> snapshots.create(snapshotIndex, term, confState, staged));
    observer.snapshotSaved(System.nanoTime() - t0);
  }

  @Override
  public void compact(long compactIndex) {
    checkWritable();
    if (compactIndex <= log.prevIndex()) {
      return;
    }
    if (compactIndex > log.lastIndex()) {
      throw new IllegalArgumentException("compact(" + compactIndex + ") past the last index " + log.lastIndex());
    }
    if (compactIndex > snapshots.metadata().index()) {
      throw new IllegalArgumentException("compact(" + compactIndex + ") past the latest snapshot at "
          + snapshots.metadata().index());
    }
    long term = log.term(compactIndex);
    write(() -> wal.add(new CompactRecord(compactIndex, term, false)));
    log.compactTo(compactIndex, term);
    compacted = true;
  }

  /**
   * One write and one fsync covering every write since the previous sync; then deletes segments that the
   * (now durable) compaction point made obsolete.
   */
  @Override
  public void sync() {
    checkWritable();
    write(wal::force);
    syncs++;
    log.evict();
    if (compacted) {
      compacted = false;
      write(log::deleteObsoleteSegments);
    }
  }

  /**
   * Syncs outstanding writes (unless the storage failed) and releases the files and the directory lock.
   * Idempotent. Reads after close fail.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (failure == null) {
        sync();
      }
    } finally {
      closed = true;
      log.exclusively(() -> closeQuietly(wal, snapshots, dirLock));
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private void write(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      failure = e;
      throw new UncheckedIOException("storage write failed in " + dataDir, e);
    }
  }

  private void checkWritable() {
    if (closed) {
      throw new IllegalStateException("storage in " + dataDir + " is closed");
    }
    if (failure != null) {
      throw new IllegalStateException("storage in " + dataDir + " failed earlier", failure);
    }
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception ignored) {
          // Closing after success or failure; nothing more can be done about it here.
        }
      }
    }
  }
}
