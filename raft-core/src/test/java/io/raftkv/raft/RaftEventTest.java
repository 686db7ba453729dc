package io.raftkv.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.RaftEvent.ConfApplied;
import io.raftkv.raft.RaftEvent.ElectionCause;
import io.raftkv.raft.RaftEvent.ElectionStarted;
import io.raftkv.raft.RaftEvent.LeaderChanged;
import io.raftkv.raft.RaftEvent.RoleChanged;
import io.raftkv.raft.RaftEvent.StepDownCause;
import io.raftkv.raft.RaftEvent.SteppedDown;
import io.raftkv.raft.RaftEvent.VoteGranted;
import io.raftkv.raft.RaftNodeTest.Cluster;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The core's {@link RaftEvent}s: each election and step-down reports the cause that actually drove it
 * (§5.2, thesis §9.6 pre-vote, §3.10 transfer, §6.2 CheckQuorum, §4.2.2 removal), votes and role and
 * leader changes are reported in order, and the election timer is readable from {@link Status}.
 */
class RaftEventTest {

  private static Cluster elected(UnaryOperator<Config.Builder> tune) {
    Cluster c = new Cluster(3, tune);
    c.node("n1").campaign();
    c.stabilize();
    assertThat(c.leader()).isEqualTo("n1");
    return c;
  }

  /** Drains every node, so a test sees only what happens after this call. */
  private static void drainAll(Cluster c) {
    c.nodes.values().forEach(RaftNode::takeEvents);
  }

  private static <T extends RaftEvent> List<T> of(List<RaftEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aPreVoteElectionReportsThePreVoteRoundThenTheRealElectionAndTheVotesGranted() {
    Cluster c = new Cluster(3, x -> x);
    c.node("n1").campaign();
    c.stabilize();

    List<RaftEvent> n1 = c.node("n1").takeEvents();
    assertThat(of(n1, ElectionStarted.class)).containsExactly(
        new ElectionStarted(1, ElectionCause.PRE_VOTE), new ElectionStarted(1, ElectionCause.TIMEOUT));
    assertThat(of(n1, RoleChanged.class)).containsExactly(
        new RoleChanged(0, StateRole.FOLLOWER, StateRole.PRE_CANDIDATE),
        new RoleChanged(1, StateRole.PRE_CANDIDATE, StateRole.CANDIDATE),
        new RoleChanged(1, StateRole.CANDIDATE, StateRole.LEADER));
    assertThat(of(n1, LeaderChanged.class)).containsExactly(new LeaderChanged(1, "n1"));
    List<RaftEvent> n2 = c.node("n2").takeEvents();
    assertThat(of(n2, VoteGranted.class)).as("a real vote, not the pre-vote").containsExactly(new VoteGranted(1, "n1"));
    assertThat(of(n2, LeaderChanged.class)).containsExactly(new LeaderChanged(1, "n1"));
    assertThat(of(n2, ElectionStarted.class)).isEmpty();
    assertThat(c.node("n1").takeEvents()).as("drained").isEmpty();
  }

  @Test
  void withoutPreVoteTheTimerStartsARealElectionAtOnce() {
    Cluster c = new Cluster(3, x -> x.preVote(false));
    c.tickAll(40);
    String leader = c.leader();
    assertThat(leader).isNotNull();
    List<ElectionStarted> elections = of(c.node(leader).takeEvents(), ElectionStarted.class);
    assertThat(elections).isNotEmpty().allMatch(e -> e.cause() == ElectionCause.TIMEOUT);
    assertThat(elections.get(elections.size() - 1).term()).isEqualTo(c.node(leader).status().currentTerm());
  }

  @Test
  void aLeadershipTransferIsReportedAsTransferOnBothSides() {
    Cluster c = elected(x -> x);
    drainAll(c);
    c.node("n1").transferLeadership("n3");
    c.stabilize();
    assertThat(c.leader()).isEqualTo("n3");
    assertThat(of(c.node("n3").takeEvents(), ElectionStarted.class))
        .containsExactly(new ElectionStarted(2, ElectionCause.TRANSFER));
    List<RaftEvent> n1 = c.node("n1").takeEvents();
    assertThat(of(n1, SteppedDown.class)).containsExactly(new SteppedDown(2, StepDownCause.TRANSFER));
    assertThat(of(n1, LeaderChanged.class)).last().isEqualTo(new LeaderChanged(2, "n3"));
  }

  @Test
  void aLeaderCutOffFromItsQuorumStepsDownForCheckQuorum() {
    Cluster c = elected(x -> x);
    drainAll(c);
    c.isolated.add("n1");
    // The first CheckQuorum round still sees the peers active from the election; the second does not.
    for (int i = 0; i < 20; i++) {
      c.node("n1").tick();
    }
    List<RaftEvent> n1 = c.node("n1").takeEvents();
    assertThat(of(n1, SteppedDown.class)).containsExactly(new SteppedDown(1, StepDownCause.CHECK_QUORUM));
    assertThat(of(n1, RoleChanged.class)).containsExactly(new RoleChanged(1, StateRole.LEADER, StateRole.FOLLOWER));
    assertThat(of(n1, LeaderChanged.class)).containsExactly(new LeaderChanged(1, null));
  }

  @Test
  void aDeposedLeaderThatHearsAHigherTermStepsDownForHigherTerm() {
    Cluster c = elected(x -> x.checkQuorum(false));
    c.isolated.add("n1"); // not ticked either: it stays leader of term 1
    c.tickAll(60);
    String newLeader = c.leader();
    assertThat(newLeader).isIn("n2", "n3");
    long term = c.node(newLeader).status().currentTerm();
    drainAll(c);
    c.isolated.clear();
    c.tickAll(3);
    assertThat(c.node("n1").status().role()).isEqualTo(StateRole.FOLLOWER);
    assertThat(of(c.node("n1").takeEvents(), SteppedDown.class))
        .containsExactly(new SteppedDown(term, StepDownCause.HIGHER_TERM));
  }

  @Test
  void aLeaderRemovedFromTheConfigurationStepsDownForRemovedAfterApplyingIt() {
    Cluster c = elected(x -> x);
    drainAll(c);
    c.node("n1").proposeConfChange(ConfChange.of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, "n1")));
    c.stabilize();
    List<RaftEvent> n1 = c.node("n1").takeEvents();
    List<ConfApplied> conf = of(n1, ConfApplied.class);
    assertThat(conf).hasSize(1);
    assertThat(conf.get(0).conf().voters()).containsExactlyInAnyOrder("n2", "n3");
    assertThat(of(n1, SteppedDown.class)).containsExactly(new SteppedDown(1, StepDownCause.REMOVED));
    assertThat(n1.indexOf(conf.get(0))).as("applied, then stepped down").isLessThan(n1.indexOf(of(n1, SteppedDown.class).get(0)));
    assertThat(of(c.node("n2").takeEvents(), ConfApplied.class)).extracting(ConfApplied::index)
        .containsExactly(conf.get(0).index());
  }

  @Test
  void statusShowsTheElectionTimerInTicks() {
    Cluster c = new Cluster(3, x -> x);
    RaftNode n = c.node("n2");
    n.tick();
    n.tick();
    n.tick();
    Status s = n.status();
    assertThat(s.electionElapsed()).isEqualTo(3);
    assertThat(s.electionTimeout()).isBetween(10, 19);
    assertThat(s.firstIndex()).isEqualTo(1);
  }

  @Test
  void logTailListsTheLastEntriesAscendingWithTheirTerms() {
    Cluster c = elected(x -> x);
    for (int i = 0; i < 5; i++) {
      c.node("n1").propose(("v" + i).getBytes(StandardCharsets.UTF_8));
    }
    c.stabilize();
    long last = c.node("n1").status().lastIndex();
    List<LogPosition> tail = c.node("n1").logTail(3);
    assertThat(tail).containsExactly(new LogPosition(last - 2, 1), new LogPosition(last - 1, 1),
        new LogPosition(last, 1));
    assertThat(c.node("n1").logTail(1000)).hasSize((int) last).first().isEqualTo(new LogPosition(1, 1));
  }

  @Test
  void undrainedEventsAreBoundedDroppingTheOldest() {
    RaftEvents events = new RaftEvents();
    for (int i = 0; i < RaftEvents.CAPACITY + 10; i++) {
      events.add(new VoteGranted(i, "n1"));
    }
    List<RaftEvent> kept = events.take();
    assertThat(kept).hasSize(RaftEvents.CAPACITY).first().isEqualTo(new VoteGranted(10, "n1"));
    assertThat(events.dropped()).isEqualTo(10);
    assertThat(events.isEmpty()).isTrue();
  }
}
