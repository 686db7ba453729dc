package io.raftkv.raft.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnstableLogTest {

  static List<Entry> ents(long fromIndex, long... terms) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      out.add(Entry.normal(terms[i], fromIndex + i, new byte[] {(byte) i}));
    }
    return out;
  }

  @Test
  void appendTruncateAndStable() {
    UnstableLog u = new UnstableLog(5);
    assertThat(u.maybeLastIndex()).isEqualTo(-1);
    u.truncateAndAppend(ents(5, 1, 1, 1));
    assertThat(u.maybeLastIndex()).isEqualTo(7);
    assertThat(u.maybeTerm(6)).isEqualTo(1);
    u.truncateAndAppend(ents(7, 2, 2)); // replaces 7
    assertThat(u.entries()).extracting(Entry::index).containsExactly(5L, 6L, 7L, 8L);
    assertThat(u.maybeTerm(7)).isEqualTo(2);
    assertThat(u.takeNextEntries()).extracting(Entry::index).containsExactly(5L, 6L, 7L, 8L);
    u.stableTo(8, 2);
    assertThat(u.offset()).isEqualTo(9);
    assertThat(u.entries()).isEmpty();
    u.truncateAndAppend(ents(4, 3)); // before the offset: replaces everything from 4
    assertThat(u.offset()).isEqualTo(4);
    assertThat(u.entries()).extracting(Entry::index).containsExactly(4L);
  }

  @Test
  void batchesInFlightAreNotHandedOutAgainAndBecomeStableInOrder() {
    UnstableLog u = new UnstableLog(1);
    u.truncateAndAppend(ents(1, 1, 1));
    assertThat(u.takeNextEntries()).extracting(Entry::index).containsExactly(1L, 2L);
    assertThat(u.hasNextEntries()).isFalse();
    assertThat(u.takeNextEntries()).isEmpty();
    u.truncateAndAppend(ents(3, 1));
    assertThat(u.takeNextEntries()).extracting(Entry::index).containsExactly(3L);
    assertThat(u.inFlightBatches()).isEqualTo(2);
    assertThatThrownBy(() -> u.stableTo(3, 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("out of order");
    u.stableTo(2, 1);
    assertThat(u.offset()).isEqualTo(3);
    u.stableTo(3, 1);
    assertThat(u.offset()).isEqualTo(4);
    assertThat(u.entries()).isEmpty();
  }

  @Test
  void rewriteWhileInFlightKeepsTheRewrittenSuffixUnstable() {
    UnstableLog u = new UnstableLog(5);
    u.truncateAndAppend(ents(5, 1, 1, 1, 1)); // 5..8 of term 1
    u.takeNextEntries();
    u.truncateAndAppend(ents(7, 2)); // a new leader rewrites 7 and drops 8 before the first batch is durable
    assertThat(u.takeNextEntries()).extracting(Entry::index).containsExactly(7L);
    u.stableTo(8, 1); // the first batch: only 5 and 6 are durable in their current form
    assertThat(u.offset()).isEqualTo(7);
    assertThat(u.entries()).extracting(Entry::term).containsExactly(2L);
    u.stableTo(7, 2);
    assertThat(u.entries()).isEmpty();
    assertThat(u.offset()).isEqualTo(8);
  }

  @Test
  void entryRewrittenBackToItsTermStaysUnstableUntilTheLastRewriteIsDurable() {
    UnstableLog u = new UnstableLog(5);
    u.truncateAndAppend(ents(5, 1)); // (5,1)
    u.takeNextEntries();
    u.truncateAndAppend(ents(5, 2)); // (5,2) from the leader of term 2
    u.takeNextEntries();
    u.truncateAndAppend(ents(5, 1)); // (5,1) again, from a leader of term 3 whose log holds it
    u.takeNextEntries();
    u.stableTo(5, 1); // same index and term as the current entry, but the write of (5,2) is still queued
    assertThat(u.offset()).isEqualTo(5);
    assertThat(u.entries()).hasSize(1);
    u.stableTo(5, 2);
    assertThat(u.offset()).isEqualTo(5);
    u.stableTo(5, 1);
    assertThat(u.offset()).isEqualTo(6);
    assertThat(u.entries()).isEmpty();
  }

  @Test
  void restoreMakesEarlierBatchesStableNothing() {
    UnstableLog u = new UnstableLog(1);
    u.truncateAndAppend(ents(1, 1, 1));
    u.takeNextEntries();
    u.restore(new SnapshotMetadata(10, 2, ConfState.EMPTY, 0));
    u.stableTo(2, 1);
    assertThat(u.offset()).isEqualTo(11);
    assertThat(u.snapshot()).isNotNull();
  }

  @Test
  void snapshotRestoreAndStable() {
    UnstableLog u = new UnstableLog(3);
    u.truncateAndAppend(ents(3, 1, 1));
    SnapshotMetadata s = new SnapshotMetadata(10, 4, ConfState.EMPTY, 0);
    u.restore(s);
    assertThat(u.entries()).isEmpty();
    assertThat(u.offset()).isEqualTo(11);
    assertThat(u.maybeFirstIndex()).isEqualTo(11);
    assertThat(u.maybeLastIndex()).isEqualTo(10);
    assertThat(u.maybeTerm(10)).isEqualTo(4);
    assertThat(u.maybeTerm(9)).isEqualTo(-1);
    u.stableSnapTo(9);
    assertThat(u.snapshot()).isNotNull();
    u.stableSnapTo(10);
    assertThat(u.snapshot()).isNull();
  }
}
