package io.raftkv.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.Keys;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store's heap cost for the sizing target (100,000 keys of 256-byte values) leaves room within a 200 MB
 * node: the live data is ~30 MB, so the store itself must stay well under 100 MB.
 */
class MemoryFootprintTest {

  @Test
  void hundredThousandKeysOf256BytesFitComfortably() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    KvStateMachine sm = new KvStateMachine();
    List<IndexedCommand> batch = new ArrayList<>();
    long index = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] value = new byte[256];
      value[0] = (byte) i;
      batch.add(new IndexedCommand(++index, new KvCommand.Put(String.format("user/%08d/profile", i), value)));
      if (batch.size() == 1000) {
        sm.applyBatch(batch);
        batch.clear();
      }
    }
    long after = usedAfterGc(memory);
    long storeBytes = after - before;
    assertThat(sm.size()).isEqualTo(100_000);
    assertThat(storeBytes).as("heap held by the store: %d MB", storeBytes >> 20).isLessThan(100L << 20);
    byte[] snapshot = sm.snapshot();
    // Keys (22 B) + values (256 B) + ~6 bytes of lengths and revisions per entry.
    assertThat(snapshot.length).isBetween(100_000 * 278, 100_000 * 300);
  }

  /**
   * The cost of history: 100,000 keys written 4 times each (16-byte values) against the same keys written
   * once. The difference over the 300,000 extra revisions is the per-revision overhead (StoredValue, value
   * array, key-history slot, revision-log entry), checked against docs/API.md's budget;
   * MemoryFootprintBenchmark measures 1 million keys x 4 revisions.
   */
  @Test
  void perRevisionOverheadStaysWithinTheDocumentedBudget() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long base = usedAfterGc(memory);
    KvStateMachine once = fill(100_000, 1, 16);
    long oneRevision = usedAfterGc(memory) - base;
    assertThat(once.revision()).isEqualTo(100_000);
    once = null;
    base = usedAfterGc(memory);
    KvStateMachine four = fill(100_000, 4, 16);
    long fourRevisions = usedAfterGc(memory) - base;
    assertThat(four.revision()).isEqualTo(400_000);
    long perRevision = (fourRevisions - oneRevision) / 300_000;
    System.out.printf("history: 100k keys x 1 revision %d MB, x 4 revisions %d MB, %d bytes per extra revision"
        + " (16-byte values)%n", oneRevision >> 20, fourRevisions >> 20, perRevision);
    // Budget (docs/API.md): 200 bytes per revision beyond its value array (16 bytes here, 32 with the header);
    // measured 183 at 100k keys and 175 at 1M keys (MemoryFootprintBenchmark) on JDK 17, compressed oops.
    assertThat(perRevision).isLessThan(200 + 32);
  }

  /**
   * {@code keys} keys written {@code revisionsPerKey} times each with {@code valueBytes}-byte values, through
   * the store's apply path (batches of 1000, as the applier hands them over).
   */
  static KvStateMachine fill(int keys, int revisionsPerKey, int valueBytes) {
    KvStateMachine sm = new KvStateMachine();
    List<IndexedCommand> batch = new ArrayList<>();
    long index = 0;
    for (int round = 0; round < revisionsPerKey; round++) {
      for (int i = 0; i < keys; i++) {
        byte[] value = new byte[valueBytes];
        value[0] = (byte) round;
        batch.add(new IndexedCommand(++index, new KvCommand.Put(String.format("user/%08d/profile", i), value)));
        if (batch.size() == 1000) {
          sm.applyBatch(batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      sm.applyBatch(batch);
    }
    return sm;
  }

  /** Heap in use after collections stop freeing more than 1 MiB (at most 10 rounds). */
  static long usedAfterGc(MemoryMXBean memory) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (used - now < (1 << 20)) {
        return Math.min(used, now);
      }
      used = now;
    }
    return used;
  }
}
