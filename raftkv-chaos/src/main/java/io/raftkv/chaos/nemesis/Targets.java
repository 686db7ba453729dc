package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Chooses nemesis victims: the leader when asked and known, else a random live node. */
final class Targets {

  private Targets() {}

  static String pick(LabCluster cluster, RandomGenerator random, boolean leader) {
    if (leader) {
      var l = cluster.leader();
      if (l.isPresent()) {
        return l.get();
      }
      // No agreed leader right now (an election is running): any node is as good a victim.
    }
    return randomLive(cluster, random);
  }

  static String randomLive(LabCluster cluster, RandomGenerator random) {
    List<String> live = new ArrayList<>();
    for (String n : cluster.nodeNames()) {
      if (cluster.process(n).isAlive() && !cluster.process(n).isPaused()) {
        live.add(n);
      }
    }
    List<String> from = live.isEmpty() ? cluster.nodeNames() : live;
    return from.get(random.nextInt(from.size()));
  }

  static List<String> shuffled(List<String> nodes, RandomGenerator random) {
    List<String> s = new ArrayList<>(nodes);
    for (int i = s.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = s.get(i);
      s.set(i, s.get(j));
      s.set(j, t);
    }
    return s;
  }
}
