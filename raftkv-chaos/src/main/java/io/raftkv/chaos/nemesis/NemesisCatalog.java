package io.raftkv.chaos.nemesis;

import java.util.List;

/**
 * Every nemesis by its report name. {@code mixed} draws from all the fault nemeses (not the
 * membership ones); {@code membership+kill} and {@code membership+partition} alternate membership
 * changes with kills, or with partitions, at random.
 */
public final class NemesisCatalog {

  /** Loss probability per packet per direction on a lossy node. */
  public static final double LOSS = 0.2;

  /** Names accepted by {@link #create}, in report order. */
  public static final List<String> NAMES = List.of("none", "kill-random", "kill-leader", "pause-random",
      "pause-leader", "partition-halves", "partition-leader", "partition-ring", "partition-bridge",
      "partition-partial", "partition-one-way", "loss-1", "loss-2", "mixed",
      "membership", "membership+kill", "membership+partition");

  private NemesisCatalog() {}

  /** A fresh nemesis (they hold per-run state, so never share one between runs). */
  public static Nemesis create(String name) {
    return switch (name) {
      case "none" -> new NoNemesis();
      case "kill-random" -> new KillNemesis(false);
      case "kill-leader" -> new KillNemesis(true);
      case "pause-random" -> new PauseNemesis(false);
      case "pause-leader" -> new PauseNemesis(true);
      case "partition-halves" -> new PartitionNemesis(PartitionNemesis.Shape.HALVES);
      case "partition-leader" -> new PartitionNemesis(PartitionNemesis.Shape.ISOLATE_LEADER);
      case "partition-ring" -> new PartitionNemesis(PartitionNemesis.Shape.MAJORITY_RING);
      case "partition-bridge" -> new PartitionNemesis(PartitionNemesis.Shape.BRIDGE);
      case "partition-partial" -> new PartitionNemesis(PartitionNemesis.Shape.PARTIAL);
      case "partition-one-way" -> new PartitionNemesis(PartitionNemesis.Shape.ONE_WAY);
      case "loss-1" -> new LossNemesis(1, LOSS);
      case "loss-2" -> new LossNemesis(2, LOSS);
      case "mixed" -> new MixedNemesis(NAMES.stream()
          .filter(n -> !n.equals("mixed") && !n.equals("none") && !n.startsWith("membership"))
          .map(NemesisCatalog::create).toList());
      case "membership" -> new MembershipNemesis();
      case "membership+kill" -> new MixedNemesis(name, List.of(new MembershipNemesis(), new KillNemesis(false),
          new KillNemesis(true)));
      case "membership+partition" -> new MixedNemesis(name, List.of(new MembershipNemesis(),
          new PartitionNemesis(PartitionNemesis.Shape.HALVES), new PartitionNemesis(PartitionNemesis.Shape.ISOLATE_LEADER)));
      default -> throw new IllegalArgumentException("unknown nemesis '" + name + "'; known: " + NAMES);
    };
  }

  /** The control run: no faults at all. */
  private static final class NoNemesis implements Nemesis {
    @Override
    public String name() {
      return "none";
    }

    @Override
    public String inject(io.raftkv.chaos.cluster.LabCluster cluster, java.util.random.RandomGenerator random) {
      return "nothing";
    }

    @Override
    public void heal(io.raftkv.chaos.cluster.LabCluster cluster) {}
  }
}
