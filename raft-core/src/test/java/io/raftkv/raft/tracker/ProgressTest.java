package io.raftkv.raft.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void rejectsMatchNotBelowNext() {
    assertThatThrownBy(() -> new Progress(5, 5, 4, false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void probePausesAfterOneSendUntilAnswered() {
    Progress p = new Progress(0, 6, 4, false);
    assertThat(p.isPaused()).isFalse();
    p.sentEntries(7, 2);
    assertThat(p.isPaused()).isTrue();
    assertThat(p.nextIndex()).isEqualTo(6);
    p.unpause();
    assertThat(p.isPaused()).isFalse();
  }

  @Test
  void replicateIsOptimisticAndBoundedByInflights() {
    Progress p = new Progress(0, 1, 2, false);
    assertThat(p.maybeUpdate(3)).isTrue();
    p.becomeReplicate();
    assertThat(p.nextIndex()).isEqualTo(4);
    p.sentEntries(5, 2);
    p.sentEntries(8, 3);
    assertThat(p.nextIndex()).isEqualTo(9);
    assertThat(p.isPaused()).isTrue();
    assertThat(p.maybeUpdate(5)).isTrue();
    p.inflights().freeLE(5);
    assertThat(p.isPaused()).isFalse();
    assertThat(p.matchIndex()).isLessThan(p.nextIndex());
  }

  @Test
  void staleRejectionsAreIgnored() {
    Progress p = new Progress(0, 10, 4, false);
    assertThat(p.maybeDecrTo(5, 3)).as("not the outstanding probe").isFalse();
    assertThat(p.maybeDecrTo(9, 4)).isTrue();
    assertThat(p.nextIndex()).isEqualTo(4);
    p.maybeUpdate(6);
    p.becomeReplicate();
    assertThat(p.maybeDecrTo(6, 1)).as("already matched").isFalse();
    assertThat(p.maybeDecrTo(8, 1)).isTrue();
    assertThat(p.nextIndex()).isEqualTo(7);
  }

  @Test
  void decrementNeverGoesBelowMatchPlusOne() {
    Progress p = new Progress(4, 10, 4, false);
    assertThat(p.maybeDecrTo(9, 1)).isTrue();
    assertThat(p.nextIndex()).isEqualTo(5);
  }

  @Test
  void snapshotDoneResumesProbingAfterTheSnapshot() {
    Progress p = new Progress(2, 3, 4, false);
    p.becomeSnapshot(20);
    assertThat(p.isPaused()).isTrue();
    p.snapshotChunkSent();
    assertThat(p.snapshotChunkInFlight()).isTrue();
    p.snapshotAcked(64);
    assertThat(p.snapshotOffset()).isEqualTo(64);
    p.snapshotDone(20);
    assertThat(p.state()).isEqualTo(ProgressState.PROBE);
    assertThat(p.matchIndex()).isEqualTo(20);
    assertThat(p.nextIndex()).isEqualTo(21);
  }
}
