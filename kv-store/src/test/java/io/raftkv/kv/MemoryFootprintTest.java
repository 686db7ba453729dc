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

  private static long usedAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
