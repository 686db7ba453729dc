package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.StateRole;
import io.raftkv.raft.sim.SimOptions;
import org.junit.jupiter.api.Test;

/**
 * PreVote and CheckQuorum (thesis §9.6, §6.2): a partitioned node that rejoins does not depose a healthy
 * leader, and a leader cut off from its quorum steps down. Each property is shown together with its
 * negative control (the feature off), so the test can tell the difference.
 */
class DisruptionTest {

  /** Isolates a follower for 10 election timeouts, reconnects it; returns [terms gained, leader changed]. */
  private static long[] rejoin(boolean preVote, boolean checkQuorum, long seed, String name) {
    Lab lab = new Lab(SimOptions.nodes(3).preVote(preVote).checkQuorum(checkQuorum), seed, name);
    int leader = lab.checkOneLeader();
    lab.one(3, true);
    long term = lab.status(leader).currentTerm();
    int follower = (leader + 1) % 3;
    lab.disconnect(follower);
    lab.sleep(10 * lab.electionMs());
    lab.connect(follower);
    lab.sleep(5 * lab.electionMs());
    lab.one(3, true);
    int after = lab.checkOneLeader();
    return new long[] {lab.checkTerms() - term, after == leader ? 0 : 1};
  }

  @Test
  void preVoteKeepsRejoiningNodeFromDisruptingTheLeader() {
    long[] withPreVote = rejoin(true, true, 40, "DisruptionTest#preVoteKeepsRejoiningNodeFromDisruptingTheLeader");
    assertThat(withPreVote[0]).as("terms gained with PreVote").isZero();
    assertThat(withPreVote[1]).as("leader changed with PreVote").isZero();
  }

  @Test
  void withoutPreVoteTheRejoiningNodeDisrupts() {
    long[] without = rejoin(false, false, 40, "DisruptionTest#withoutPreVoteTheRejoiningNodeDisrupts");
    assertThat(without[0]).as("terms gained without PreVote (negative control)").isPositive();
  }

  @Test
  void checkQuorumLeaderCutOffStepsDown() {
    Lab lab = new Lab(SimOptions.nodes(5).checkQuorum(true), 41, "DisruptionTest#checkQuorumLeaderCutOffStepsDown");
    int leader = lab.checkOneLeader();
    lab.one(5, true);
    lab.disconnect(leader);
    // Within two election timeouts the isolated leader notices it lost its quorum.
    lab.cluster.await("isolated leader steps down",
        () -> lab.status(leader).role() != StateRole.LEADER, 2 * lab.electionMs() + 10);
    int other = lab.checkOneLeader();
    assertThat(other).isNotEqualTo(leader);
    lab.connect(leader);
    lab.one(5, true);
  }

  @Test
  void withoutCheckQuorumIsolatedLeaderStaysLeader() {
    Lab lab = new Lab(SimOptions.nodes(5).checkQuorum(false).preVote(false), 41,
        "DisruptionTest#withoutCheckQuorumIsolatedLeaderStaysLeader");
    int leader = lab.checkOneLeader();
    lab.disconnect(leader);
    lab.sleep(5 * lab.electionMs());
    assertThat(lab.status(leader).role()).as("isolated leader without CheckQuorum (negative control)")
        .isEqualTo(StateRole.LEADER);
  }

  /** A node whose outgoing messages are lost (one-way partition) must not make the leader step down. */
  @Test
  void oneWayPartitionedFollowerDoesNotDepose() {
    Lab lab = new Lab(SimOptions.nodes(3), 42, "DisruptionTest#oneWayPartitionedFollowerDoesNotDepose");
    int leader = lab.checkOneLeader();
    long term = lab.status(leader).currentTerm();
    int follower = (leader + 1) % 3;
    // The follower hears nobody but everyone hears it: its pre-votes are refused (they hear the leader).
    lab.cluster.block(Lab.id(leader), Lab.id(follower));
    lab.cluster.block(Lab.id((leader + 2) % 3), Lab.id(follower));
    lab.sleep(10 * lab.electionMs());
    assertThat(lab.status(leader).role()).isEqualTo(StateRole.LEADER);
    assertThat(lab.status(leader).currentTerm()).isEqualTo(term);
    lab.cluster.heal();
    lab.one(3, true);
  }
}
