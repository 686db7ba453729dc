package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.sim.SimOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MIT 6.5840 lab 3A (leader election) on the simulator. */
class ElectionLabTest {

  @Test
  void initialElection() {
    Lab lab = new Lab(SimOptions.nodes(3), 1, "ElectionLabTest#initialElection");
    lab.checkOneLeader();
    lab.sleep(50);
    long term1 = lab.checkTerms();
    assertThat(term1).as("a leader was elected, so the term advanced").isGreaterThanOrEqualTo(1);
    // With no failures, a leader keeps its term (heartbeats suppress elections).
    lab.sleep(2 * lab.electionMs() * 5);
    long term2 = lab.checkTerms();
    assertThat(term2).as("term changed even though there were no failures").isEqualTo(term1);
    lab.checkOneLeader();
  }

  @Test
  void reElection() {
    Lab lab = new Lab(SimOptions.nodes(3), 2, "ElectionLabTest#reElection");
    int leader1 = lab.checkOneLeader();
    // A new leader is elected when the old one is disconnected.
    lab.disconnect(leader1);
    int replacement = lab.checkOneLeader();
    assertThat(replacement).isNotEqualTo(leader1);
    // The old leader rejoining does not disturb the new one's authority (there is one leader).
    lab.connect(leader1);
    int leader2 = lab.checkOneLeader();
    // No quorum: no leader.
    lab.disconnect(leader2);
    lab.disconnect((leader2 + 1) % 3);
    lab.sleep(2 * lab.electionMs() * 2);
    lab.checkNoLeader();
    // A quorum arises: it elects a leader.
    lab.connect((leader2 + 1) % 3);
    lab.checkOneLeader();
    lab.connect(leader2);
    lab.checkOneLeader();
  }

  @Test
  void manyElections() {
    Lab lab = new Lab(SimOptions.nodes(7), 3, "ElectionLabTest#manyElections");
    SplittableRandom r = new SplittableRandom(3);
    lab.checkOneLeader();
    for (int iter = 0; iter < 10; iter++) {
      int i1 = r.nextInt(7);
      int i2 = r.nextInt(7);
      int i3 = r.nextInt(7);
      lab.disconnect(i1);
      lab.disconnect(i2);
      lab.disconnect(i3);
      // Either the current leader is still alive, or the remaining four elect a new one.
      lab.checkOneLeader();
      lab.connect(i1);
      lab.connect(i2);
      lab.connect(i3);
    }
    lab.checkOneLeader();
  }
}
