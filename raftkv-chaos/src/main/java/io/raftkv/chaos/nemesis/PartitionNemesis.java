package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Network partitions built from iptables DROP rules inside the nodes' namespaces (never in the root
 * namespace): each receiver drops packets from the nodes its {@link Grudge} names. Traffic between
 * the test JVM's clients and every node is untouched, as in Jepsen, so clients keep reaching both
 * sides of a partition.
 */
public final class PartitionNemesis implements Nemesis {

  /** The partition shapes. */
  public enum Shape {
    /** Random minority against majority. */
    HALVES("partition-halves"),
    /** The current leader alone against the rest. */
    ISOLATE_LEADER("partition-leader"),
    /** Each node sees a different majority (5 nodes). */
    MAJORITY_RING("partition-ring"),
    /** Two halves joined only through one bridge node. */
    BRIDGE("partition-bridge"),
    /** Only the leader <-> one follower link is cut, both ways. */
    PARTIAL("partition-partial"),
    /** Packets from the leader to one follower are dropped; the reverse direction passes. */
    ONE_WAY("partition-one-way");

    final String label;

    Shape(String label) {
      this.label = label;
    }
  }

  private final Shape shape;
  private final List<String> touched = new ArrayList<>();
  private volatile Grudge last;

  public PartitionNemesis(Shape shape) {
    this.shape = shape;
  }

  @Override
  public String name() {
    return shape.label;
  }

  @Override
  public String inject(LabCluster cluster, RandomGenerator random) {
    Grudge g = grudge(cluster, random);
    last = g;
    g.drops().forEach((receiver, senders) -> {
      for (String s : Set.copyOf(senders)) {
        cluster.firewall(receiver).dropFrom(cluster.host(s).ip());
      }
      touched.add(receiver);
    });
    return "partition " + g.description();
  }

  private Grudge grudge(LabCluster cluster, RandomGenerator random) {
    List<String> nodes = cluster.nodeNames();
    return switch (shape) {
      case HALVES -> Grudge.halves(nodes, random);
      case ISOLATE_LEADER -> Grudge.isolate(nodes, Targets.pick(cluster, random, true));
      case MAJORITY_RING -> Grudge.majorityRing(nodes, random);
      case BRIDGE -> Grudge.bridge(nodes, random);
      case PARTIAL, ONE_WAY -> {
        String a = Targets.pick(cluster, random, true);
        List<String> others = new ArrayList<>(nodes);
        others.remove(a);
        String c = others.get(random.nextInt(others.size()));
        yield shape == Shape.PARTIAL ? Grudge.cut(a, c, "partial") : Grudge.oneWay(a, c);
      }
    };
  }

  /** The grudge of the last injection (for self-tests and reports), or null before the first. */
  public Grudge lastGrudge() {
    return last;
  }

  @Override
  public void heal(LabCluster cluster) {
    for (String n : touched) {
      cluster.firewall(n).heal();
    }
    touched.clear();
  }
}
