package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * SIGKILL one node (a random one, or the current leader) and, on heal, restart it on the same data
 * directory and address. Exercises durability: whatever the node acknowledged must survive
 * (persist-before-send, Raft §5.4 / Figure 2 "updated on stable storage before responding").
 */
public final class KillNemesis implements Nemesis {

  private final boolean leader;
  private final List<String> killed = new ArrayList<>();

  public KillNemesis(boolean leader) {
    this.leader = leader;
  }

  @Override
  public String name() {
    return leader ? "kill-leader" : "kill-random";
  }

  @Override
  public String inject(LabCluster cluster, RandomGenerator random) {
    String victim = Targets.pick(cluster, random, leader);
    cluster.process(victim).kill();
    killed.add(victim);
    return "SIGKILL " + victim + (leader ? " (leader)" : "");
  }

  @Override
  public void heal(LabCluster cluster) {
    for (String n : killed) {
      if (!cluster.process(n).isAlive()) {
        cluster.process(n).restart();
      }
    }
    killed.clear();
  }
}
