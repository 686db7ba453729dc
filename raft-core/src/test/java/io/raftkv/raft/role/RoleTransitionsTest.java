package io.raftkv.raft.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTransitionsTest {

  @Test
  void legalMoves() {
    Role f = new Follower(3, null);
    Role pc = RoleTransitions.check(f, new PreCandidate(3));
    Role c = RoleTransitions.check(pc, new Candidate(4, false));
    Role l = RoleTransitions.check(c, new Leader(4, "n1", 0));
    assertThat(RoleTransitions.check(l, new Follower(4, null))).isInstanceOf(Follower.class);
    assertThat(RoleTransitions.check(c, new Candidate(5, false))).isInstanceOf(Candidate.class);
  }

  @Test
  void illegalMovesThrow() {
    assertThatThrownBy(() -> RoleTransitions.check(new Follower(3, null), new Leader(3, "n1", 0)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RoleTransitions.check(new Leader(3, "n1", 0), new Candidate(4, false)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RoleTransitions.check(new Follower(5, null), new Follower(4, null)))
        .as("terms never decrease").isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RoleTransitions.check(new Follower(3, null), new Candidate(5, false)))
        .as("a candidate bumps the term by exactly one").isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RoleTransitions.check(new Candidate(3, false), new Leader(4, "n1", 0)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void followerKeepsItsFirstLeaderOfTheTerm() {
    Follower f = new Follower(2, null);
    assertThat(f.learnLeader("a")).isTrue();
    assertThat(f.learnLeader("a")).isTrue();
    assertThat(f.learnLeader("b")).isFalse();
    assertThat(f.leaderId()).isEqualTo("a");
  }

  @Test
  void leaderBudgetAdmitsAtLeastOneProposal() {
    Leader l = new Leader(1, "n1", 0);
    assertThat(l.tryReserve(500, 100)).as("an empty budget admits anything").isTrue();
    assertThat(l.tryReserve(1, 100)).isFalse();
    l.release(500);
    assertThat(l.tryReserve(60, 100)).isTrue();
    assertThat(l.tryReserve(50, 100)).isFalse();
    assertThat(l.tryReserve(10_000, 0)).as("0 = unlimited").isTrue();
  }
}
