package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.StateRole;
import io.raftkv.raft.sim.SimOptions;
import org.junit.jupiter.api.Test;

/** Leadership transfer (thesis §3.10): completes to a caught-up follower, aborts after an election timeout. */
class LeadershipTransferTest {

  @Test
  void transferToCaughtUpFollower() {
    Lab lab = new Lab(SimOptions.nodes(3), 50, "LeadershipTransferTest#transferToCaughtUpFollower");
    int leader = lab.checkOneLeader();
    lab.one(3, true);
    long term = lab.status(leader).currentTerm();
    int target = (leader + 1) % 3;
    lab.cluster.on(Lab.id(leader), r -> r.transferLeadership(Lab.id(target)));
    lab.cluster.await("transferee leads", () -> lab.isLeader(target), lab.electionMs());
    assertThat(lab.status(target).currentTerm()).isEqualTo(term + 1);
    assertThat(lab.checkOneLeader()).isEqualTo(target);
    lab.one(3, true);
  }

  @Test
  void transferToLaggingFollowerCatchesItUpFirst() {
    Lab lab = new Lab(SimOptions.nodes(3), 51, "LeadershipTransferTest#transferToLaggingFollowerCatchesItUpFirst");
    int leader = lab.checkOneLeader();
    int target = (leader + 1) % 3;
    lab.disconnect(target);
    for (int i = 0; i < 5; i++) {
      lab.one(2, true);
    }
    lab.connect(target);
    lab.cluster.on(Lab.id(leader), r -> r.transferLeadership(Lab.id(target)));
    lab.cluster.await("transferee leads", () -> lab.isLeader(target), 2 * lab.electionMs());
    long index = lab.one(3, true);
    assertThat(lab.node(target).lastApplied()).isGreaterThanOrEqualTo(index);
  }

  @Test
  void transferToUnreachableFollowerAborts() {
    Lab lab = new Lab(SimOptions.nodes(3), 52, "LeadershipTransferTest#transferToUnreachableFollowerAborts");
    int leader = lab.checkOneLeader();
    lab.one(3, true);
    long term = lab.status(leader).currentTerm();
    int target = (leader + 1) % 3;
    lab.disconnect(target);
    lab.cluster.on(Lab.id(leader), r -> r.transferLeadership(Lab.id(target)));
    assertThat(lab.status(leader).leadTransferee()).isEqualTo(Lab.id(target));
    // While transferring, the leader refuses proposals (they would delay the transfer).
    assertThat(lab.start(leader)).as("proposal during transfer").isEqualTo(-1);
    // After an election timeout the transfer is abandoned and the leader serves again.
    lab.cluster.await("transfer aborted", () -> lab.status(leader).leadTransferee() == null, 3 * lab.electionMs());
    assertThat(lab.status(leader).role()).isEqualTo(StateRole.LEADER);
    assertThat(lab.status(leader).currentTerm()).isEqualTo(term);
    lab.one(2, true);
    lab.connect(target);
    lab.one(3, true);
  }
}
