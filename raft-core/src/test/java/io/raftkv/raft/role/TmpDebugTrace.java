package io.raftkv.raft.sim;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TmpDebugTrace {
  @Test
  void run() {
    long seed = Long.getLong("dbg.seed", 145);
    SimOptions o = RandomizedRun.options(seed, Set.of(), "x");
    o.traceSize = Integer.getInteger("dbg.trace", 3000);
    SimCluster cluster = SimCluster.start(o, seed);
    boolean membership = o.nodes >= 3 && new java.util.SplittableRandom(seed + 11).nextInt(4) == 0;
    FaultInjector faults = new FaultInjector(cluster, cluster.random.split(), membership);
    faults.start();
    cluster.runFor(Long.getLong("dbg.ms", 10_000));
    faults.stop();
    RandomizedRun.healAndCheckLiveness(cluster, faults);
  }
}
