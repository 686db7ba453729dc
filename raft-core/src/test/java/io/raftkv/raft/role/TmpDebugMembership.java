package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.ProposalDroppedException;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfChangeType;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.sim.SimCluster;
import io.raftkv.raft.sim.SimOptions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Membership changes (thesis §4.3): learners, promotion, removal, and joint consensus with crashes. */
class TmpDebugMembership {

  static SimOptions big(SimOptions o) {
    try {
      java.lang.reflect.Field f = SimOptions.class.getDeclaredField("traceSize");
      f.setAccessible(true);
      f.setInt(o, 4000);
    } catch (ReflectiveOperationException e) {
      throw new RuntimeException(e);
    }
    return o;
  }

  private static ConfChangeSingle add(String id) {
    return new ConfChangeSingle(ConfChangeType.ADD_NODE, id);
  }

  private static ConfChangeSingle learner(String id) {
    return new ConfChangeSingle(ConfChangeType.ADD_LEARNER, id);
  }

  private static ConfChangeSingle remove(String id) {
    return new ConfChangeSingle(ConfChangeType.REMOVE_NODE, id);
  }

  /** Proposes {@code change} at whoever leads, retrying while refused, until {@code done} holds. */
  private static void change(Lab lab, ConfChange change, java.util.function.Predicate<ConfState> done) {
    SimCluster c = lab.cluster;
    long deadline = c.now() + 50 * lab.electionMs();
    while (c.now() < deadline) {
      String leader = c.leader();
      if (leader != null && done.test(c.status(leader).confState()) && !c.status(leader).confState().isJoint()) {
        return;
      }
      if (leader != null) {
        c.on(leader, r -> {
          try {
            r.proposeConfChange(change);
          } catch (ProposalDroppedException refused) {
            // another change pending or no leader: retry below
          }
        });
      }
      c.runFor(3 * lab.electionMs());
    }
    throw c.failure("Membership", "change " + change + " not completed; conf " + c.confState(), null);
  }

  private static void awaitCaughtUp(Lab lab, String id) {
    SimCluster c = lab.cluster;
    c.await(id + " catches up", () -> c.leader() != null
        && c.node(id).lastApplied() >= c.status(c.leader()).commitIndex(), 20 * lab.electionMs());
  }

  @Test
  void learnerReplicatesWithoutVotingThenIsPromoted() {
    Lab lab = new Lab(big(SimOptions.nodes(3)), 60, "MembershipTest#learnerReplicatesWithoutVotingThenIsPromoted");
    SimCluster c = lab.cluster;
    lab.one(3, true);
    c.addNode("n4");
    change(lab, ConfChange.of(learner("n4")), cs -> cs.learners().contains("n4"));
    long index = lab.one(3, true);
    awaitCaughtUp(lab, "n4");
    assertThat(c.node("n4").lastApplied()).isGreaterThanOrEqualTo(index);
    assertThat(c.status("n4").learner()).as("n4 knows it is a learner: " + c.status("n4")).isTrue();
    assertThat(c.status(c.leader()).progress().get("n4").voter()).isFalse();
    // A learner does not count towards the quorum: two of three voters still commit without it...
    c.isolate("n4");
    lab.one(2, true);
    c.heal();
    // ...and it never becomes leader, even when the voters are all isolated from each other.
    for (int i = 0; i < 3; i++) {
      lab.disconnect(i);
    }
    lab.sleep(10 * lab.electionMs());
    assertThat(c.status("n4").role()).isNotEqualTo(StateRole.LEADER);
    assertThat(c.status("n4").role()).isNotEqualTo(StateRole.CANDIDATE);
    for (int i = 0; i < 3; i++) {
      lab.connect(i);
    }
    // Promotion: now four voters, so two are not a majority.
    change(lab, ConfChange.of(add("n4")), cs -> cs.voters().contains("n4"));
    assertThat(c.status(c.leader()).confState().voters()).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
    awaitCaughtUp(lab, "n4");
    String leader = c.leader();
    List<String> others = c.ids().stream().filter(id -> !id.equals(leader)).toList();
    c.isolate(others.get(0));
    c.isolate(others.get(1));
    long cmd = c.propose(leader, 1, 0);
    lab.sleep(3 * lab.electionMs());
    assertThat(lab.nCommitted(cmd)).as("committed by 2 of 4 voters").isZero();
    c.heal();
    lab.one(4, true);
  }

  @Test
  void removeTheLeader() {
    Lab lab = new Lab(SimOptions.nodes(3), 61, "MembershipTest#removeTheLeader");
    SimCluster c = lab.cluster;
    lab.one(3, true);
    String old = c.leader();
    change(lab, ConfChange.of(remove(old)), cs -> !cs.voters().contains(old));
    c.retire(old);
    String now = c.leader();
    assertThat(now).isNotEqualTo(old);
    assertThat(c.status(now).confState().voters()).hasSize(2).doesNotContain(old);
    lab.one(2, true);
  }

  /**
   * Replaces two of three voters in one joint change (C_old,new then C_new) while crashing nodes at
   * different moments of the change, one run per crash delay. The outcome must be either the old or the
   * new configuration, never a stuck joint one, and the cluster keeps committing.
   */
  @Test
  void jointConsensusSurvivesCrashesMidChange() {
    for (int delay = 0; delay <= 60; delay += 4) {
      for (ConfChangeTransition transition : List.of(ConfChangeTransition.AUTO, ConfChangeTransition.JOINT_IMPLICIT)) {
        jointWithCrash(delay, transition);
      }
    }
  }

  private static void jointWithCrash(int delayMs, ConfChangeTransition transition) {
    Lab lab = new Lab(SimOptions.nodes(3), 62 + delayMs,
        "MembershipTest#jointConsensusSurvivesCrashesMidChange (delay " + delayMs + " ms, " + transition + ")");
    SimCluster c = lab.cluster;
    lab.one(3, true);
    c.addNode("n4");
    c.addNode("n5");
    change(lab, new ConfChange(ConfChangeTransition.AUTO, List.of(learner("n4"), learner("n5"))),
        cs -> cs.learners().containsAll(Set.of("n4", "n5")));
    awaitCaughtUp(lab, "n4");
    awaitCaughtUp(lab, "n5");
    String leader = c.leader();
    String keep = c.ids().stream().filter(id -> !id.equals(leader) && id.compareTo("n4") < 0).findFirst().orElseThrow();
    List<String> removed = c.ids().stream().filter(id -> id.compareTo("n4") < 0 && !id.equals(keep)).toList();
    ConfChange joint = new ConfChange(transition, List.of(add("n4"), add("n5"), remove(removed.get(0)), remove(removed.get(1))));
    c.on(leader, r -> r.proposeConfChange(joint));
    lab.sleep(delayMs);
    // Crash the leader and one incoming voter mid-change; both come back later.
    c.crash(leader);
    c.crash("n5");
    lab.sleep(lab.electionMs() + delayMs);
    c.restart("n5");
    lab.sleep(lab.electionMs());
    c.restart(leader);
    change(lab, joint, cs -> cs.voters().equals(Set.of(keep, "n4", "n5")));
    ConfState conf = c.status(c.leader()).confState();
    assertThat(conf.isJoint()).isFalse();
    assertThat(conf.voters()).containsExactlyInAnyOrder(keep, "n4", "n5");
    // The removed voters are no longer needed for a quorum.
    c.retire(removed.get(0));
    c.retire(removed.get(1));
    c.await("commit with the new configuration", () -> c.leader() != null, 20 * lab.electionMs());
    long cmd = c.propose(c.leader(), 1, 0);
    c.await("new configuration commits", () -> cmd > 0 && lab.nCommitted(cmd) >= 3, 20 * lab.electionMs());
  }
}
