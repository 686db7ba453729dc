package io.raftkv.raft.log;

import static org.assertj.core.api.Assertions.assertThat;

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
    u.stableTo(6, 1);
    assertThat(u.offset()).isEqualTo(7);
    assertThat(u.entries()).hasSize(2);
    u.stableTo(8, 1); // wrong term: the entry was replaced since; ignored
    assertThat(u.offset()).isEqualTo(7);
    u.truncateAndAppend(ents(4, 3)); // before the offset: replaces everything from 4
    assertThat(u.offset()).isEqualTo(4);
    assertThat(u.entries()).extracting(Entry::index).containsExactly(4L);
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
