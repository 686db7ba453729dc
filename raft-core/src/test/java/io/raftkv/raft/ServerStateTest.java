package io.raftkv.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.role.Candidate;
import io.raftkv.raft.role.Leader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The transitions of {@link ServerState} (Figure 4) and what they do to currentTerm, votedFor and the timer. */
class ServerStateTest {

  private static ServerState state(HardState hs) {
    return new ServerState(Config.builder("n1", new Random(7)).electionTick(10).heartbeatTick(1).build(), hs,
        new RaftEvents());
  }

  @Test
  void aRestartedNodeIsAFollowerOfItsStoredTermAndVote() {
    ServerState s = state(new HardState(5, "n2", 0));
    assertThat(s.kind()).isEqualTo(StateRole.FOLLOWER);
    assertThat(s.currentTerm()).isEqualTo(5);
    assertThat(s.votedFor()).isEqualTo("n2");
    assertThat(s.leader()).isNull();
  }

  @Test
  void section5_2_aCandidateVotesForItselfInTheNextTermAndMayThenLead() {
    ServerState s = state(new HardState(5, "n2", 0));
    Candidate c = s.becomeCandidate("n1", false);
    assertThat(c.term()).isEqualTo(6);
    assertThat(s.currentTerm()).isEqualTo(6);
    assertThat(s.votedFor()).isEqualTo("n1");
    Leader l = s.becomeLeader("n1", 0);
    assertThat(s.leader()).isSameAs(l);
    assertThat(s.leaderId()).isEqualTo("n1");
  }

  @Test
  void aHigherTermClearsTheVoteAndEndsLeadership() {
    ServerState s = state(new HardState(5, null, 0));
    s.becomeCandidate("n1", false);
    s.becomeLeader("n1", 0);
    assertThat(s.becomeFollower(7, null)).as("leadership ended").isTrue();
    assertThat(s.currentTerm()).isEqualTo(7);
    assertThat(s.votedFor()).isNull();
    assertThat(s.becomeFollower(7, "n3")).isFalse();
  }

  @Test
  void illegalTransitionsThrow() {
    ServerState s = state(new HardState(5, null, 0));
    assertThatThrownBy(() -> s.becomeLeader("n1", 0)).as("a follower cannot lead")
        .isInstanceOf(IllegalStateException.class);
    s.becomeCandidate("n1", false);
    s.becomeLeader("n1", 0);
    assertThatThrownBy(s::becomePreCandidate).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.acceptLeader("n2")).as("a leader never obeys another")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFollowerKeepsTheFirstLeaderOfItsTerm() {
    ServerState s = state(new HardState(5, null, 0));
    s.becomePreCandidate();
    assertThat(s.acceptLeader("n2")).as("a pre-candidate steps down").isTrue();
    assertThat(s.kind()).isEqualTo(StateRole.FOLLOWER);
    assertThat(s.acceptLeader("n3")).as("a second leader in one term").isFalse();
    assertThat(s.leaderId()).isEqualTo("n2");
  }

  @Test
  void theElectionTimeoutFiresAfterTheRandomizedTimeoutAndHearingFromTheLeaderRestartsIt() {
    ServerState s = state(new HardState(1, null, 0));
    int timeout = s.randomizedElectionTimeout();
    assertThat(timeout).isBetween(10, 19);
    for (int i = 1; i < timeout; i++) {
      assertThat(s.tickElectionTimeout()).as("tick " + i).isFalse();
    }
    s.acceptLeader("n2");
    assertThat(s.heardFromLeaderWithin(1)).isTrue();
    for (int i = 1; i < timeout; i++) {
      assertThat(s.tickElectionTimeout()).as("tick " + i + " after the leader").isFalse();
    }
    assertThat(s.heardFromLeaderWithin(timeout - 1)).isFalse();
    assertThat(s.tickElectionTimeout()).isTrue();
    assertThat(s.randomizedElectionTimeout()).as("not re-drawn without a transition").isEqualTo(timeout);
  }
}
