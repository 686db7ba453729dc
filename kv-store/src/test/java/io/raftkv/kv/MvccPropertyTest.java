package io.raftkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.api.KeyRange;
import io.raftkv.api.RangeQuery;
import io.raftkv.api.RangeResult;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random histories of writes, range deletes and compactions: every read at every revision still kept equals
 * the model's state at that revision, every read below the compaction point is refused as compacted, and a
 * snapshot taken mid-way restores the same history.
 */
class MvccPropertyTest {

  private static final List<KeyRange> RANGES = List.of(KeyRange.prefix(""), KeyRange.prefix("dir/"),
      KeyRange.interval("b", "d"), KeyRange.interval("c", null), KeyRange.key("a"));

  @Provide
  Arbitrary<List<KvCommand>> histories() {
    Arbitrary<KvCommand> extra = Arbitraries.oneOf(
        Arbitraries.longs().between(1, 40).map(KvCommand.Compact::new),
        Arbitraries.of(RANGES).map(KvCommand.DeleteRange::new));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, KvArbitraries.commands()), net.jqwik.api.Tuple.of(1, extra)).list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void everyKeptRevisionReadsAsTheModelsState(@ForAll("histories") List<KvCommand> history) {
    KvStateMachine sm = new KvStateMachine();
    HistoryModel model = new HistoryModel();
    long index = 0;
    for (KvCommand cmd : history) {
      sm.apply(++index, KvCommandCodec.decode(KvCommandCodec.encode(cmd)));
      model.apply(cmd);
      if (index == history.size() / 2) {
        KvStateMachine restored = new KvStateMachine();
        restored.restore(sm.snapshot());
        sm = restored;
      }
    }
    assertThat(sm.revision()).isEqualTo(model.current.revision);
    assertThat(sm.compactRevision()).isEqualTo(model.compactRevision);
    // Revision 0 in a query means "the current one", so the walk starts at 1.
    for (long rev = Math.max(1, model.compactRevision); rev <= model.current.revision; rev++) {
      for (KeyRange range : RANGES) {
        RangeResult r = (RangeResult) sm.read(new RangeQuery(range, null, 0, rev, false, false));
        assertThat(r.kvs()).as("%s at %d", range, rev).isEqualTo(model.at(rev, range));
      }
    }
    KvStateMachine last = sm;
    for (long rev = 1; rev < model.compactRevision; rev++) {
      long at = rev;
      assertThatThrownBy(() -> last.read(RangeQuery.of(KeyRange.prefix("")).at(at)))
          .isInstanceOfSatisfying(RevisionUnavailableException.class, e -> assertThat(e.compacted()).isTrue());
    }
    long future = model.current.revision + 1;
    assertThatThrownBy(() -> last.read(RangeQuery.of(KeyRange.prefix("")).at(future)))
        .isInstanceOfSatisfying(RevisionUnavailableException.class, e -> assertThat(e.compacted()).isFalse());
  }

  @Property(tries = 200)
  void pagesJoinToTheWholeRange(@ForAll("histories") List<KvCommand> history,
      @ForAll("limits") int limit) {
    KvStateMachine sm = new KvStateMachine();
    HistoryModel model = new HistoryModel();
    long index = 0;
    for (KvCommand cmd : history) {
      sm.apply(++index, cmd);
      model.apply(cmd);
    }
    long rev = sm.revision();
    for (KeyRange range : RANGES) {
      List<io.raftkv.api.KeyValue> all = new java.util.ArrayList<>();
      String after = null;
      RangeResult page;
      do {
        page = (RangeResult) sm.read(new RangeQuery(range, after, limit, rev, false, false));
        assertThat(page.revision()).isEqualTo(rev);
        all.addAll(page.kvs());
        after = page.next();
      } while (page.more());
      assertThat(all).isEqualTo(model.at(rev, range));
      RangeResult count = (RangeResult) sm.read(new RangeQuery(range, null, 0, rev, false, true));
      assertThat(count.count()).isEqualTo(all.size());
    }
  }

  @Provide
  Arbitrary<Integer> limits() {
    return Arbitraries.integers().between(1, 4);
  }
}
