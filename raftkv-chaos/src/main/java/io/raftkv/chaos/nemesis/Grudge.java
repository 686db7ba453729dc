package io.raftkv.chaos.nemesis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Who drops whose packets: {@code drops.get(b)} holds every node whose packets {@code b} discards.
 * A symmetric cut between a and b puts a in b's set and b in a's. Pure functions, so the topology
 * of every partition kind is unit-tested without a lab.
 *
 * @param drops receiver to the senders it ignores; nodes absent from the map drop nothing
 * @param description human-readable, e.g. "[n1 n2] | [n3]"
 */
public record Grudge(Map<String, Set<String>> drops, String description) {

  public Grudge {
    Map<String, Set<String>> copy = new TreeMap<>();
    drops.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    drops = Map.copyOf(copy);
  }

  /** True when packets from {@code from} reach {@code to}. */
  public boolean passes(String from, String to) {
    return !drops.getOrDefault(to, Set.of()).contains(from);
  }

  /** Splits the nodes into {@code components}; every pair in different components is cut both ways. */
  public static Grudge components(List<List<String>> components) {
    Map<String, Set<String>> d = new TreeMap<>();
    for (List<String> a : components) {
      for (List<String> b : components) {
        if (a != b) {
          for (String x : a) {
            d.computeIfAbsent(x, k -> new TreeSet<>()).addAll(b);
          }
        }
      }
    }
    return new Grudge(d, components.toString().replace(",", "").replace("] [", "] | ["));
  }

  /** Random halves: a minority of floor(n/2) nodes against the rest. */
  public static Grudge halves(List<String> nodes, RandomGenerator random) {
    List<String> s = Targets.shuffled(nodes, random);
    int cut = s.size() / 2;
    return components(List.of(sorted(s.subList(0, cut)), sorted(s.subList(cut, s.size()))));
  }

  /** {@code node} alone against everyone else. */
  public static Grudge isolate(List<String> nodes, String node) {
    List<String> rest = new ArrayList<>(nodes);
    rest.remove(node);
    return components(List.of(List.of(node), sorted(rest)));
  }

  /**
   * Majorities ring: nodes sit on a random ring and keep links only to ring neighbours within
   * distance {@code max(1, n/4)}. On 5 nodes each node sees itself and its 2 neighbours, a majority,
   * yet no two nodes see the same majority, so two leaders may each believe they have quorum
   * contact (only terms keep them apart). On 3 nodes every majority is a pair, so the ring
   * degenerates to a single cut link.
   */
  public static Grudge majorityRing(List<String> nodes, RandomGenerator random) {
    List<String> ring = Targets.shuffled(nodes, random);
    int n = ring.size();
    if (n == 3) {
      return cut(ring.get(0), ring.get(2), "majority ring on 3 nodes");
    }
    int reach = Math.max(1, n / 4);
    Map<String, Set<String>> d = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int dist = Math.min(Math.abs(i - j), n - Math.abs(i - j));
        if (i != j && dist > reach) {
          d.computeIfAbsent(ring.get(i), k -> new TreeSet<>()).add(ring.get(j));
        }
      }
    }
    return new Grudge(d, "majority ring " + ring);
  }

  /**
   * Bridge: two halves that cannot talk, plus one node that talks to both. On 3 nodes this is the
   * partial partition "A and C cut, B sees both".
   */
  public static Grudge bridge(List<String> nodes, RandomGenerator random) {
    List<String> s = Targets.shuffled(nodes, random);
    String bridge = s.get(0);
    List<String> rest = s.subList(1, s.size());
    List<String> left = sorted(rest.subList(0, rest.size() / 2));
    List<String> right = sorted(rest.subList(rest.size() / 2, rest.size()));
    Grudge g = components(List.of(left, right));
    return new Grudge(g.drops(), left + " | " + right + " bridged by " + bridge);
  }

  /** Only the link A<->C is cut, both directions; everything else passes. */
  public static Grudge cut(String a, String c, String why) {
    return new Grudge(Map.of(a, Set.of(c), c, Set.of(a)), a + " x " + c + " (" + why + ")");
  }

  /** Packets from {@code from} to {@code to} are dropped; the reverse direction passes. */
  public static Grudge oneWay(String from, String to) {
    return new Grudge(Map.of(to, Set.of(from)), from + " -> " + to + " dropped (one way)");
  }

  private static List<String> sorted(Collection<String> c) {
    return List.copyOf(new TreeSet<>(c));
  }
}
