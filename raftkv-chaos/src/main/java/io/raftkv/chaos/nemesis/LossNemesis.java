package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random packet loss on one or two nodes: {@code iptables -m statistic --mode random --probability p
 * -j DROP} on both INPUT and OUTPUT inside each victim's namespace. All of the victim's traffic is
 * affected, client traffic included, as a bad NIC or cable would.
 */
public final class LossNemesis implements Nemesis {

  private final int victims;
  private final double probability;
  private final List<String> lossy = new ArrayList<>();

  public LossNemesis(int victims, double probability) {
    if (victims < 1) {
      throw new IllegalArgumentException("victims must be >= 1");
    }
    this.victims = victims;
    this.probability = probability;
  }

  @Override
  public String name() {
    return "loss-" + victims;
  }

  @Override
  public String inject(LabCluster cluster, RandomGenerator random) {
    List<String> chosen = Targets.shuffled(cluster.nodeNames(), random)
        .subList(0, Math.min(victims, cluster.nodeNames().size()));
    for (String n : chosen) {
      cluster.firewall(n).loss(probability);
      lossy.add(n);
    }
    return "loss p=" + probability + " on " + chosen;
  }

  @Override
  public void heal(LabCluster cluster) {
    for (String n : lossy) {
      cluster.firewall(n).heal();
    }
    lossy.clear();
  }
}
