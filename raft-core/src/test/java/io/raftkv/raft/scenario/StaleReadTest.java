package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.ReadOnlyOption;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.sim.SimCluster;
import io.raftkv.raft.sim.SimNode;
import io.raftkv.raft.sim.SimOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A deposed leader behind a partition never serves a stale ReadIndex read (thesis §6.4). The old leader
 * keeps receiving reads every 5 ms while the majority elects a new leader and commits a write; the
 * simulator's ReadIndex Linearizability check verifies every confirmed read against everything committed
 * before the read was issued, so a stale read fails the test with its trace.
 *
 * <p>LEASE_BASED (§6.4.1) relies on a clock assumption: clocks advance at the same rate (drift below
 * {@code electionTick - leaseTicks} ticks per election timeout). The simulator gives every node the same
 * tick rate, so the assumption holds and lease reads must be safe too: the lease (8 ticks) expires before
 * any follower's election timeout (at least 10 ticks) lets a new leader be elected.
 */
class StaleReadTest {

  /** Returns reads served by the old leader: [before the partition, after the new leader committed]. */
  private static long[] run(SimOptions options, long seed, String name) {
    Lab lab = new Lab(options, seed, name);
    SimCluster c = lab.cluster;
    int leader = lab.checkOneLeader();
    String old = Lab.id(leader);
    SimNode oldNode = c.node(old);
    lab.one(5, true);
    boolean[] reading = {true};
    readLoop(c, old, reading);
    lab.sleep(10 * options.electionTimeoutMs() / 10);
    long servedBefore = oldNode.readsServed();
    // The old leader keeps one follower; the other three form the majority.
    List<String> minority = List.of(old, Lab.id((leader + 1) % 5));
    List<String> majority = c.ids().stream().filter(id -> !minority.contains(id)).toList();
    c.partition(minority, majority);
    c.await("the majority elects a new leader", () -> majority.stream().anyMatch(id -> c.status(id).role() == StateRole.LEADER),
        20 * options.electionTimeoutMs());
    String newLeader = majority.stream().filter(id -> c.status(id).role() == StateRole.LEADER).findFirst().orElseThrow();
    long write = c.propose(newLeader, 7, 0);
    c.await("the new leader commits a write", () -> c.ackIndex(write) != null, 20 * options.electionTimeoutMs());
    long servedAtCommit = oldNode.readsServed();
    lab.sleep(5 * options.electionTimeoutMs());
    long servedAfter = oldNode.readsServed() - servedAtCommit;
    reading[0] = false;
    c.heal();
    lab.one(5, true);
    return new long[] {servedBefore, servedAfter};
  }

  private static void readLoop(SimCluster c, String id, boolean[] reading) {
    if (!reading[0]) {
      return;
    }
    c.readIndex(id);
    c.schedule(5, () -> readLoop(c, id, reading));
  }

  @Test
  void safeReadIndexOnDeposedLeader() {
    // Without CheckQuorum the old leader never steps down by itself: it keeps believing it leads.
    long[] served = run(SimOptions.nodes(5).checkQuorum(false).readOnlyOption(ReadOnlyOption.SAFE), 70,
        "StaleReadTest#safeReadIndexOnDeposedLeader");
    assertThat(served[0]).as("reads served before the partition").isPositive();
    assertThat(served[1]).as("reads served by the deposed leader after the new leader committed").isZero();
  }

  @Test
  void safeReadIndexWithCheckQuorum() {
    long[] served = run(SimOptions.nodes(5).checkQuorum(true).readOnlyOption(ReadOnlyOption.SAFE), 71,
        "StaleReadTest#safeReadIndexWithCheckQuorum");
    assertThat(served[0]).isPositive();
    assertThat(served[1]).isZero();
  }

  @Test
  void leaseBasedReadsWithEqualClocks() {
    long[] served = run(SimOptions.nodes(5).checkQuorum(true).readOnlyOption(ReadOnlyOption.LEASE_BASED).leaseTicks(8),
        72, "StaleReadTest#leaseBasedReadsWithEqualClocks");
    assertThat(served[0]).as("lease reads served before the partition").isPositive();
    assertThat(served[1]).as("lease reads served after the new leader committed").isZero();
  }
}
