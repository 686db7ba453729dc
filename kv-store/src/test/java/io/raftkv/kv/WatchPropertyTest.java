package io.raftkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.api.KeyRange;
import io.raftkv.api.KeyValue;
import io.raftkv.api.WatchEvent;
import io.raftkv.api.WatchResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A watcher polled at random moments and batch sizes, while random commands apply, sees every change of its
 * range from its start revision exactly once, in revision order, each event agreeing with the model's state
 * at its revision; a watcher whose cursor was compacted away is told so instead of skipping.
 */
class WatchPropertyTest {

  private static final List<KeyRange> RANGES = List.of(KeyRange.prefix(""), KeyRange.prefix("dir/"),
      KeyRange.interval("b", "d"), KeyRange.key("a"));

  @Provide
  Arbitrary<List<KvCommand>> histories() {
    return KvArbitraries.commands().list().ofMinSize(1).ofMaxSize(50);
  }

  @Property(tries = 300)
  void aWatcherSeesEveryChangeOnceInOrder(@ForAll("histories") List<KvCommand> history,
      @ForAll @IntRange(min = 0, max = 49) int startAfter, @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 0, max = 3) int rangeIndex) {
    KeyRange range = RANGES.get(rangeIndex);
    KvStateMachine sm = new KvStateMachine();
    HistoryModel model = new HistoryModel();
    long index = 0;
    Watcher w = null;
    long start = 0;
    List<WatchResponse> seen = new ArrayList<>();
    for (KvCommand cmd : history) {
      if (index == Math.min(startAfter, history.size() - 1)) {
        start = sm.revision() + 1;
        w = sm.watch(range, 0, WatchFilter.NONE, false, () -> {});
      }
      sm.apply(++index, cmd);
      model.apply(cmd);
      if (w != null && index % 2 == 0) {
        seen.addAll(w.poll(batch));
      }
    }
    while (!w.caughtUp()) {
      seen.addAll(w.poll(batch));
    }
    seen.addAll(w.poll(batch));
    assertThat(w.poll(batch)).isEmpty();

    Set<String> delivered = new HashSet<>();
    long last = start - 1;
    for (WatchResponse r : seen) {
      assertThat(r.revision()).as("revision order, no repeat").isGreaterThan(last);
      last = r.revision();
      Map<String, ModelKv.Entry> state = model.states.get(r.revision());
      for (WatchEvent e : r.events()) {
        String key = e.kv().key();
        assertThat(range.contains(key)).isTrue();
        ModelKv.Entry now = state.get(key);
        if (e.type() == WatchEvent.Type.PUT) {
          assertThat(e.kv()).isEqualTo(new KeyValue(key, now.value(), now.create(), now.mod(), now.version()));
        } else {
          assertThat(now).as("deleted %s at %d", key, r.revision()).isNull();
        }
        delivered.add(r.revision() + " " + key);
      }
    }
    for (long rev = Math.max(1, start); rev <= model.current.revision; rev++) {
      Map<String, ModelKv.Entry> before = model.states.get(rev - 1);
      Map<String, ModelKv.Entry> after = model.states.get(rev);
      for (String key : union(before.keySet(), after.keySet())) {
        if (range.contains(key) && !Objects.equals(before.get(key), after.get(key))) {
          assertThat(delivered).as("no skipped change").contains(rev + " " + key);
        }
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void aCompactedCursorIsAnErrorNotAGap() {
    KvStateMachine sm = new KvStateMachine();
    Watcher w = sm.watch(KeyRange.prefix(""), 0, WatchFilter.NONE, false, () -> {});
    sm.apply(1, new KvCommand.Put("a", new byte[] {1}));
    sm.apply(2, new KvCommand.Put("a", new byte[] {2}));
    sm.apply(3, new KvCommand.Compact(2));
    assertThatThrownBy(() -> w.poll(10)).isInstanceOfSatisfying(RevisionUnavailableException.class,
        e -> assertThat(e.compactRevision()).isEqualTo(2));
    assertThatThrownBy(() -> sm.watch(KeyRange.prefix(""), 1, WatchFilter.NONE, false, () -> {}))
        .isInstanceOf(RevisionUnavailableException.class);
    assertThat(sm.watch(KeyRange.prefix(""), 2, WatchFilter.NONE, false, () -> {}).poll(10))
        .extracting(WatchResponse::revision).containsExactly(2L);
  }

  @Test
  void aCaughtUpWatcherIsWokenOnceByTheNextApply() {
    KvStateMachine sm = new KvStateMachine();
    AtomicInteger wakes = new AtomicInteger();
    Watcher w = sm.watch(KeyRange.key("k"), 0, WatchFilter.NONE, true, wakes::incrementAndGet);
    assertThat(w.poll(10)).isEmpty();
    sm.apply(1, new KvCommand.Put("k", new byte[] {1}));
    sm.apply(2, new KvCommand.Put("k", new byte[] {2}));
    assertThat(wakes).hasValue(1);
    List<WatchResponse> got = w.poll(10);
    assertThat(got).extracting(WatchResponse::revision).containsExactly(1L, 2L);
    assertThat(got.get(1).events().get(0).prevKv().value()).containsExactly(1);
    w.cancel();
    assertThat(w.poll(10)).isEmpty();
    w.cancel();
    sm.apply(3, new KvCommand.Put("k", new byte[] {3}));
    assertThat(sm.watchHub().armedCount()).isZero();
  }
}
