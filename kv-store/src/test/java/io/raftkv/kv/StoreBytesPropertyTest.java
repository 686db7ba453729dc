package io.raftkv.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.api.KeyRange;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The store's byte estimate, kept incrementally by {@link KeyTable}, equals the sum recomputed from every
 * kept version after any history of writes, deletes, transactions and compactions; and the compaction
 * target for a history bound is the lowest revision that meets it.
 */
class StoreBytesPropertyTest {

  @Provide
  Arbitrary<List<KvCommand>> histories() {
    Arbitrary<KvCommand> extra = Arbitraries.oneOf(
        Arbitraries.longs().between(1, 60).map(KvCommand.Compact::new),
        Arbitraries.of(KeyRange.prefix(""), KeyRange.prefix("dir/"), KeyRange.interval("b", "d"))
            .map(KvCommand.DeleteRange::new));
    return Arbitraries.frequencyOf(Tuple.of(6, KvArbitraries.commands()), Tuple.of(1, extra)).list().ofMaxSize(80);
  }

  @Property(tries = 300)
  void incrementalSumsEqualTheRecount(@ForAll("histories") List<KvCommand> history) {
    KeyTable table = new KeyTable();
    for (KvCommand cmd : history) {
      CommandApplier.apply(table, cmd);
      assertThat(table.storeBytes()).as("after %s", cmd).isEqualTo(recount(table, false));
      assertThat(table.historyBytes()).as("after %s", cmd).isEqualTo(recount(table, true));
    }
    KeyTable restored = copy(table);
    assertThat(restored.storeBytes()).isEqualTo(table.storeBytes());
    assertThat(restored.historyBytes()).isEqualTo(table.historyBytes());
  }

  @Property(tries = 300)
  void compactionTargetIsTheLowestRevisionWithinTheBound(@ForAll("histories") List<KvCommand> history,
      @ForAll @IntRange(min = 0, max = 100) int boundPercent) {
    KeyTable table = new KeyTable();
    history.forEach(cmd -> CommandApplier.apply(table, cmd));
    long bound = table.historyBytes() * boundPercent / 100;
    long target = table.compactionTargetFor(bound);
    if (table.historyBytes() <= bound || table.compactRevision() == table.revision()) {
      assertThat(target).isZero();
      return;
    }
    assertThat(target).isGreaterThan(table.compactRevision()).isLessThanOrEqualTo(table.revision());
    KeyTable atTarget = copy(table);
    atTarget.compact(target);
    if (target < table.revision()) {
      assertThat(atTarget.historyBytes()).as("compacted at %d", target).isLessThanOrEqualTo(bound);
    }
    if (target - 1 > table.compactRevision()) {
      KeyTable below = copy(table);
      below.compact(target - 1);
      assertThat(below.historyBytes()).as("compacted at %d", target - 1).isGreaterThan(bound);
    }
  }

  /** What the sums must be, from scratch: every key and kept version, or (history) those not a live state. */
  private static long recount(KeyTable table, boolean historyOnly) {
    long sum = 0;
    for (Map.Entry<String, KeyHistory> e : table.histories().entrySet()) {
      KeyHistory h = e.getValue();
      if (!historyOnly) {
        sum += 100 + e.getKey().length();
      }
      for (int i = 0; i < h.size(); i++) {
        StoredValue v = h.get(i);
        boolean live = i == h.size() - 1 && !v.isTombstone();
        if (!historyOnly || !live) {
          sum += 200 + (v.isTombstone() ? 0 : v.value().length);
        }
      }
    }
    return sum;
  }

  private static KeyTable copy(KeyTable table) {
    return SnapshotCodec.decode(SnapshotCodec.encode(table, 1)).table();
  }
}
