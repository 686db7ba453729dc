package io.raftkv.raft.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** MajorityConfig and JointConfig against a brute-force definition of "held by a majority". */
class QuorumPropertyTest {

  /** The largest i such that more than half of {@code acks} are >= i (0 if none). */
  private static long bruteForce(List<Long> acks) {
    long best = 0;
    for (long candidate : acks) {
      long holders = acks.stream().filter(a -> a >= candidate).count();
      if (holders > acks.size() / 2 && candidate > best) {
        best = candidate;
      }
    }
    return best;
  }

  @Property(tries = 300)
  void committedIndexIsTheLargestIndexAMajorityHolds(
      @ForAll @Size(min = 1, max = 9) List<@LongRange(min = 0, max = 50) Long> acks) {
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < acks.size(); i++) {
      m.put("v" + i, acks.get(i));
    }
    MajorityConfig c = new MajorityConfig(m.keySet());
    assertThat(c.committedIndex(m::get)).isEqualTo(bruteForce(acks));
  }

  @Property(tries = 300)
  void jointCommitIsTheMinimumOfBothHalves(
      @ForAll @Size(min = 1, max = 7) List<@LongRange(min = 0, max = 50) Long> acks,
      @ForAll @IntRange(min = 0, max = 6) int split) {
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < acks.size(); i++) {
      m.put("v" + i, acks.get(i));
    }
    List<String> ids = new java.util.ArrayList<>(new TreeSet<>(m.keySet()));
    int cut = Math.min(split, ids.size());
    // Overlapping halves: [0, cut] and [cut, n).
    MajorityConfig a = new MajorityConfig(new TreeSet<>(ids.subList(0, Math.min(cut + 1, ids.size()))));
    MajorityConfig b = new MajorityConfig(new TreeSet<>(ids.subList(cut, ids.size())));
    long expected = Math.min(
        a.isEmpty() ? Long.MAX_VALUE : bruteForce(a.ids().stream().map(m::get).toList()),
        b.isEmpty() ? Long.MAX_VALUE : bruteForce(b.ids().stream().map(m::get).toList()));
    assertThat(new JointConfig(a, b).committedIndex(m::get)).isEqualTo(expected == Long.MAX_VALUE ? 0 : expected);
  }
}
