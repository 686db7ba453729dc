package io.raftkv.storage;

import static io.raftkv.storage.TestEntries.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throughput of the group-commit write path: 1,000 batches of 64 x 256-byte entries plus a hard state,
 * one sync per batch. A measurement, not a pass/fail criterion: run with {@code -Draftkv.bench=true}.
 */
@EnabledIfSystemProperty(named = "raftkv.bench", matches = "true")
class AppendThroughputTest {

  @TempDir Path dir;

  @Test
  void groupCommitThroughput() {
    int batches = 1000;
    int perBatch = 64;
    List<List<Entry>> prepared = new ArrayList<>(batches);
    for (int b = 0; b < batches; b++) {
      prepared.add(batch(1 + (long) b * perBatch, perBatch, 1, 256));
    }
    try (DurableStorage s = DurableStorage.open(dir, DurableStorage.Options.defaults())) {
      long t0 = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        s.append(prepared.get(b));
        s.setHardState(new HardState(1, "n1", (long) b * perBatch));
        s.sync();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      StorageMetrics m = s.metrics();
      System.out.printf(Locale.ROOT,
          "group commit: %d batches x %d x 256 B in %.2f s = %.0f syncs/s, %.0f entries/s, %.1f MiB/s; "
              + "fsyncs=%d writes=%d avg fsync %.0f us, max %d us%n",
          batches, perBatch, seconds, batches / seconds, batches * perBatch / seconds,
          m.bytesWritten() / seconds / (1 << 20), m.fsyncs(), m.writes(),
          (double) m.totalFsyncMicros() / m.fsyncs(), m.maxFsyncMicros());
      assertThat(s.lastIndex()).isEqualTo((long) batches * perBatch);
      assertThat(m.writes()).isLessThanOrEqualTo(batches + 2);

      long r0 = System.nanoTime();
      long read = 0;
      for (long i = 1; i <= s.lastIndex(); i += 512) {
        read += s.entries(i, Math.min(s.lastIndex() + 1, i + 512), Long.MAX_VALUE).size();
      }
      System.out.printf(Locale.ROOT, "read back %d entries in %.1f ms%n", read, (System.nanoTime() - r0) / 1e6);
    }
    // The same batches with a single sync at the end: the cost of framing, CRC and writing without fsync.
    try (DurableStorage s = DurableStorage.open(dir.resolve("nofsync"), DurableStorage.Options.defaults())) {
      long t0 = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        s.append(prepared.get(b));
        s.setHardState(new HardState(1, "n1", (long) b * perBatch));
      }
      s.sync();
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "without per-batch fsync: %.0f ms = %.0f entries/s, %.1f MiB/s, %d writes%n",
          seconds * 1e3, batches * perBatch / seconds, s.metrics().bytesWritten() / seconds / (1 << 20),
          s.metrics().writes());
    }
  }
}
