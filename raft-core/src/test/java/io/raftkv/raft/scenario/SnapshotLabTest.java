package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.sim.SimNode;
import io.raftkv.raft.sim.SimOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * MIT 6.5840 lab 3D (log compaction) on the simulator. Every node snapshots every 10 applied entries and
 * keeps a margin of 3, so a follower that misses more than that needs InstallSnapshot (§7).
 */
class SnapshotLabTest {

  private static final int SNAPSHOT_INTERVAL = 10;
  /** Bound on entries kept in any node's storage (MIT's MAXLOGSIZE, in entries). */
  private static final int MAX_LOG_ENTRIES = 3 * SNAPSHOT_INTERVAL + 20;

  private static SimOptions options() {
    return SimOptions.nodes(3).snapshotEvery(SNAPSHOT_INTERVAL).snapshotMargin(3).maxSnapshotChunkBytes(32);
  }

  @Test
  void snapshotBasic() {
    Lab lab = snapCommon(options(), false, false, 30, "SnapshotLabTest#snapshotBasic");
    assertThat(lab.node(0).storage().snapshotMetadata().index()).as("nodes made snapshots").isPositive();
  }

  @Test
  void snapshotInstall() {
    Lab lab = snapCommon(options(), true, false, 31, "SnapshotLabTest#snapshotInstall");
    assertThat(lab.cluster.network().messagesSent("InstallSnapshot")).as("InstallSnapshot used").isPositive();
  }

  @Test
  void snapshotInstallUnreliable() {
    Lab lab = snapCommon(options().unreliable(), true, false, 32, "SnapshotLabTest#snapshotInstallUnreliable");
    assertThat(lab.cluster.network().messagesSent("InstallSnapshot")).as("InstallSnapshot used").isPositive();
  }

  @Test
  void snapshotInstallCrash() {
    Lab lab = snapCommon(options(), false, true, 33, "SnapshotLabTest#snapshotInstallCrash");
    assertThat(lab.cluster.network().messagesSent("InstallSnapshot")).as("InstallSnapshot used").isPositive();
  }

  @Test
  void snapshotInstallUnreliableCrash() {
    Lab lab = snapCommon(options().unreliable(), false, true, 34, "SnapshotLabTest#snapshotInstallUnreliableCrash");
    assertThat(lab.cluster.acknowledged()).isPositive();
  }

  /** A node restarts from its snapshot (not from index 1) and keeps agreeing. */
  @Test
  void snapshotInit() {
    Lab lab = new Lab(options(), 35, "SnapshotLabTest#snapshotInit");
    lab.one(3, true);
    for (int i = 0; i < SNAPSHOT_INTERVAL + 1; i++) {
      lab.one(3, true);
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 3; i++) {
        lab.crash(i);
      }
      for (int i = 0; i < 3; i++) {
        lab.restart(i);
        SimNode n = lab.node(i);
        long snap = n.storage().snapshotMetadata().index();
        assertThat(snap).as(n.id() + " has a snapshot").isPositive();
        assertThat(n.startedFrom()).as(n.id() + " restarts its state machine from the snapshot").isEqualTo(snap);
        // Committed entries already durable after the snapshot are applied at once (issue #10).
        assertThat(n.lastApplied()).as(n.id() + " lastApplied").isGreaterThanOrEqualTo(snap);
      }
      lab.one(3, true);
    }
  }

  private static Lab snapCommon(SimOptions options, boolean disconnect, boolean crash, long seed, String name) {
    Lab lab = new Lab(options, seed, name);
    SplittableRandom r = new SplittableRandom(seed);
    lab.one(3, true);
    int leader1 = lab.checkOneLeader();
    for (int i = 0; i < 30; i++) {
      int victim = (leader1 + 1) % 3;
      int sender = leader1;
      if (i % 3 == 1) {
        sender = (leader1 + 1) % 3;
        victim = leader1;
      }
      if (disconnect) {
        lab.disconnect(victim);
        lab.one(2, true);
      }
      if (crash) {
        lab.crash(victim);
        lab.one(2, true);
      }
      // Enough entries to cross a snapshot point.
      int nn = SNAPSHOT_INTERVAL / 2 + r.nextInt(SNAPSHOT_INTERVAL);
      for (int k = 0; k < nn; k++) {
        lab.cluster.propose(Lab.id(sender), k % 8, 0);
      }
      lab.one(disconnect || crash ? 2 : 3, true);
      for (SimNode n : lab.cluster.nodes()) {
        if (n.up()) {
          long kept = n.storage().lastIndex() - n.storage().firstIndex() + 1;
          assertThat(kept).as(n.id() + " log entries kept").isLessThanOrEqualTo(MAX_LOG_ENTRIES);
        }
      }
      if (disconnect) {
        lab.connect(victim);
        lab.one(3, true);
        leader1 = lab.checkOneLeader();
      }
      if (crash) {
        lab.restart(victim);
        lab.one(3, true);
        leader1 = lab.checkOneLeader();
      }
    }
    return lab;
  }
}
