package io.raftkv.bench.jmh;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.storage.DurableStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The log append path of a node: {@link DurableStorage#append} of one Ready's batch of {@code batch} entries of
 * {@code entryBytes} bytes plus the hard state, then {@link DurableStorage#sync} (one write + fsync), which is
 * what the persister thread does per Ready. {@code appendOnly} leaves out the sync to show the CPU cost of
 * framing and indexing alone (the WAL still writes its buffer to the page cache when it fills). Results are per
 * batch. Every 500,000 entries the log is compacted behind an empty snapshot so old segments are deleted.
 *
 * <p>The data directory is a fresh temp dir under {@code -Draftkv.bench.dir} (default: the working directory's
 * {@code target/}), so the fsync hits the same file system as a real node's data dir would; it is deleted at
 * the end of the trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WalAppendBenchmark {

  @Param({"1", "64"})
  int batch;

  @Param("256")
  int entryBytes;

  private Path dir;
  private DurableStorage storage;
  private byte[][] payloads;
  private long nextIndex;
  private long compactedTo;

  /** Entries between compactions: keeps the benchmark's disk use near 2 x 128 MB however long it runs. */
  private static final long COMPACT_EVERY = 500_000;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path base = Paths.get(System.getProperty("raftkv.bench.dir", "target"));
    Files.createDirectories(base);
    dir = Files.createTempDirectory(base, "wal-bench");
    storage = DurableStorage.open(dir, DurableStorage.Options.defaults());
    storage.bootstrap(ConfState.ofVoters(Set.of("n1")));
    SplittableRandom random = new SplittableRandom(11);
    payloads = new byte[batch][];
    for (int i = 0; i < batch; i++) {
      payloads[i] = new byte[entryBytes];
      random.nextBytes(payloads[i]);
    }
    nextIndex = storage.lastIndex() + 1;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    storage.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private List<Entry> nextBatch() {
    List<Entry> entries = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      entries.add(Entry.normal(1, nextIndex++, payloads[i]));
    }
    return entries;
  }

  @Benchmark
  public long appendAndSync() {
    List<Entry> entries = nextBatch();
    storage.append(entries);
    // The leader's Ready carries a new commit index with most batches: one hard-state record per Ready.
    storage.setHardState(new HardState(1, "n1", nextIndex - 1));
    storage.sync();
    compactIfDue();
    return nextIndex;
  }

  @Benchmark
  public long appendOnly() {
    storage.append(nextBatch());
    compactIfDue();
    return nextIndex;
  }

  /**
   * Amortized over {@link #COMPACT_EVERY} entries (one snapshot + sync per ~128 MB), so it barely shows in the
   * per-batch time; without it the benchmark would write gigabytes.
   */
  private void compactIfDue() {
    long last = nextIndex - 1;
    if (last - compactedTo >= COMPACT_EVERY) {
      storage.createSnapshot(last, ConfState.ofVoters(Set.of("n1")), new byte[0]);
      storage.compact(last);
      storage.sync();
      compactedTo = last;
    }
  }
}
