package io.raftkv.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topology of every partition shape, checked over many seeds without a lab. */
class GrudgeTest {

  private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");
  private static final List<String> THREE = List.of("n1", "n2", "n3");

  private static boolean linked(Grudge g, String a, String b) {
    return g.passes(a, b) && g.passes(b, a);
  }

  private static Set<String> reach(Grudge g, List<String> nodes, String a) {
    Set<String> r = new TreeSet<>();
    for (String b : nodes) {
      if (linked(g, a, b)) {
        r.add(b);
      }
    }
    return r;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void halvesCutEveryCrossPairAndNothingInside(long seed) {
    for (List<String> nodes : List.of(THREE, FIVE)) {
      Grudge g = Grudge.halves(nodes, new SplittableRandom(seed));
      Set<String> side = reach(g, nodes, nodes.get(0));
      assertThat(side.size()).isIn(nodes.size() / 2, nodes.size() - nodes.size() / 2);
      for (String a : nodes) {
        for (String b : nodes) {
          assertThat(linked(g, a, b)).isEqualTo(side.contains(a) == side.contains(b));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void majorityRingOnFiveGivesEveryNodeADifferentMajority(long seed) {
    Grudge g = Grudge.majorityRing(FIVE, new SplittableRandom(seed));
    Set<Set<String>> views = new HashSet<>();
    for (String a : FIVE) {
      Set<String> view = reach(g, FIVE, a);
      assertThat(view).as("view of %s", a).hasSize(3).contains(a);
      views.add(view);
    }
    assertThat(views).hasSize(5);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void bridgeNodeSeesBothSidesThatCannotSeeEachOther(long seed) {
    for (List<String> nodes : List.of(THREE, FIVE)) {
      Grudge g = Grudge.bridge(nodes, new SplittableRandom(seed));
      List<String> bridges = nodes.stream().filter(n -> reach(g, nodes, n).size() == nodes.size()).toList();
      assertThat(bridges).hasSize(1);
      long cutPairs = nodes.stream().flatMap(a -> nodes.stream().filter(b -> !linked(g, a, b))).count();
      int rest = nodes.size() - 1;
      assertThat(cutPairs).isEqualTo(2L * (rest / 2) * (rest - rest / 2));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void isolateLeavesOneNodeAlone(long seed) {
    String leader = FIVE.get(new SplittableRandom(seed).nextInt(5));
    Grudge g = Grudge.isolate(FIVE, leader);
    assertThat(reach(g, FIVE, leader)).containsExactly(leader);
    FIVE.stream().filter(n -> !n.equals(leader)).forEach(n -> assertThat(reach(g, FIVE, n)).hasSize(4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"partial", "one-way"})
  void partialAndOneWayTouchOnlyOneLink(String kind) {
    Grudge g = kind.equals("partial") ? Grudge.cut("n1", "n3", "test") : Grudge.oneWay("n1", "n3");
    for (String a : THREE) {
      for (String b : THREE) {
        boolean touched = (a + b).equals("n1n3") || (a + b).equals("n3n1");
        if (!touched) {
          assertThat(g.passes(a, b)).isTrue();
        }
      }
    }
    assertThat(g.passes("n1", "n3")).isFalse();
    assertThat(g.passes("n3", "n1")).isEqualTo(kind.equals("one-way"));
  }
}
