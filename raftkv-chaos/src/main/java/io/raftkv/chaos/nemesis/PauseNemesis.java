package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * SIGSTOP one node (random, or the leader) and SIGCONT it on heal. A stopped leader keeps its
 * sockets and its belief that it leads; when it wakes after several election timeouts it must learn
 * the new term and step down without serving stale data (Raft §5.1, thesis §6.4 on reads).
 */
public final class PauseNemesis implements Nemesis {

  private final boolean leader;
  private final List<String> paused = new ArrayList<>();

  public PauseNemesis(boolean leader) {
    this.leader = leader;
  }

  @Override
  public String name() {
    return leader ? "pause-leader" : "pause-random";
  }

  @Override
  public String inject(LabCluster cluster, RandomGenerator random) {
    String victim = Targets.pick(cluster, random, leader);
    cluster.process(victim).pause();
    paused.add(victim);
    return "SIGSTOP " + victim + (leader ? " (leader)" : "");
  }

  @Override
  public void heal(LabCluster cluster) {
    for (String n : paused) {
      if (cluster.process(n).isPaused()) {
        cluster.process(n).resume();
      }
    }
    paused.clear();
  }
}
