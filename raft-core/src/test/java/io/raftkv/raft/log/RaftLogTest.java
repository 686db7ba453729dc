package io.raftkv.raft.log;

import static io.raftkv.raft.log.UnstableLogTest.ents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftLogTest {

  private static RaftLog logWith(long... terms) {
    MemoryStorage s = new MemoryStorage();
    s.append(ents(1, terms));
    return new RaftLog(s, 0, 0);
  }

  @Test
  void readsAcrossStorageAndUnstable() {
    RaftLog log = logWith(1, 1, 2);
    log.append(ents(4, 3, 3));
    assertThat(log.firstIndex()).isEqualTo(1);
    assertThat(log.lastIndex()).isEqualTo(5);
    assertThat(log.lastTerm()).isEqualTo(3);
    assertThat(log.term(3)).isEqualTo(2);
    assertThat(log.term(9)).isZero();
    assertThat(log.entriesFrom(2, Long.MAX_VALUE)).extracting(Entry::index).containsExactly(2L, 3L, 4L, 5L);
    assertThat(log.entriesFrom(2, 1)).as("at least one entry").hasSize(1);
    assertThat(log.slice(2, 5, 60)).as("size bound counts header allowance").hasSize(2);
  }

  @Test
  void maybeAppendTruncatesOnlyOnRealConflict() {
    RaftLog log = logWith(1, 1, 1, 1);
    // Matching prefix with nothing new: no truncation (a stale, shorter AppendEntries must not cut the log).
    assertThat(log.maybeAppend(1, 1, 0, ents(2, 1))).isEqualTo(2);
    assertThat(log.lastIndex()).isEqualTo(4);
    // Conflict at 3: replaced from there.
    assertThat(log.maybeAppend(2, 1, 0, ents(3, 2))).isEqualTo(3);
    assertThat(log.lastIndex()).isEqualTo(3);
    assertThat(log.term(3)).isEqualTo(2);
    // Mismatch at prevLogIndex: rejected.
    assertThat(log.maybeAppend(3, 1, 0, List.of())).isEqualTo(-1);
    assertThat(log.maybeAppend(7, 2, 0, List.of())).isEqualTo(-1);
  }

  @Test
  void commitIsBoundedByTheLastNewEntryAndNeverMovesBack() {
    RaftLog log = logWith(1, 1, 1, 1);
    log.maybeAppend(1, 1, 10, List.of());
    assertThat(log.committed()).as("only what this AppendEntries proved matching").isEqualTo(1);
    log.maybeAppend(3, 1, 10, List.of());
    assertThat(log.committed()).isEqualTo(3);
    log.commitTo(2);
    assertThat(log.committed()).isEqualTo(3);
    assertThatThrownBy(() -> log.commitTo(9)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void conflictBelowCommitIndexIsASafetyViolation() {
    RaftLog log = logWith(1, 1, 1);
    log.commitTo(3);
    assertThatThrownBy(() -> log.maybeAppend(1, 1, 3, ents(2, 5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
  }

  @Test
  void leaderCommitsOnlyCurrentTermEntries() {
    RaftLog log = logWith(1, 2, 2);
    assertThat(log.maybeCommit(3, 3)).as("Figure 8: term 2 entry at term 3").isFalse();
    assertThat(log.maybeCommit(3, 2)).isTrue();
    assertThat(log.committed()).isEqualTo(3);
  }

  @Test
  void upToDateComparesLastTermThenIndex() {
    RaftLog log = logWith(1, 2, 2);
    assertThat(log.isUpToDate(3, 2)).isTrue();
    assertThat(log.isUpToDate(2, 2)).isFalse();
    assertThat(log.isUpToDate(1, 3)).isTrue();
    assertThat(log.isUpToDate(9, 1)).isFalse();
  }

  @Test
  void conflictHints() {
    RaftLog log = logWith(1, 2, 2, 2, 4, 4);
    assertThat(log.firstIndexOfTermAt(4, 1)).isEqualTo(2);
    assertThat(log.firstIndexOfTermAt(4, 3)).as("floor").isEqualTo(3);
    assertThat(log.lastIndexOfTerm(6, 2)).isEqualTo(4);
    assertThat(log.lastIndexOfTerm(6, 3)).isEqualTo(-1);
  }

  @Test
  void committedEntriesAreHandedOnceAndAppliedAfterAdvance() {
    RaftLog log = logWith(1, 1, 1);
    log.commitTo(2);
    assertThat(log.takeNextCommittedEntries(Long.MAX_VALUE, 0)).extracting(Entry::index).containsExactly(1L, 2L);
    assertThat(log.hasNextCommittedEntries(0)).isFalse();
    assertThat(log.applied()).isZero();
    log.appliedTo(2);
    assertThat(log.applied()).isEqualTo(2);
    assertThatThrownBy(() -> log.appliedTo(3)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void restoreFromSnapshotAndCompactedReads() {
    MemoryStorage s = new MemoryStorage();
    s.append(ents(1, 1, 1, 1, 1));
    s.createSnapshot(3, ConfState.ofVoters(java.util.Set.of("a")), new byte[] {1});
    s.compact(3);
    RaftLog log = new RaftLog(s, 4, 0);
    assertThat(log.firstIndex()).isEqualTo(4);
    assertThat(log.applied()).as("the snapshot is applied").isEqualTo(3);
    assertThat(log.term(3)).isEqualTo(1);
    assertThatThrownBy(() -> log.term(2)).isInstanceOf(CompactedException.class);
    assertThatThrownBy(() -> log.entriesFrom(2, 100)).isInstanceOf(CompactedException.class);
    log.restore(new SnapshotMetadata(20, 3, ConfState.EMPTY, 0));
    assertThat(log.committed()).isEqualTo(20);
    assertThat(log.lastIndex()).isEqualTo(20);
    assertThat(log.firstIndex()).isEqualTo(21);
    assertThat(log.hasNextCommittedEntries(0)).isFalse();
  }
}
