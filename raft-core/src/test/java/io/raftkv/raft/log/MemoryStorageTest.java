package io.raftkv.raft.log;

import static io.raftkv.raft.log.UnstableLogTest.ents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryStorageTest {

  @Test
  void appendReplacesTheSuffixAndRejectsGaps() {
    MemoryStorage s = new MemoryStorage();
    s.append(ents(1, 1, 1, 1));
    s.append(ents(2, 2));
    assertThat(s.lastIndex()).isEqualTo(2);
    assertThat(s.term(2)).isEqualTo(2);
    assertThatThrownBy(() -> s.append(ents(5, 2))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.entries(1, 9, 100)).isInstanceOf(UnavailableException.class);
  }

  @Test
  void bootstrapOnlyOnEmptyStorage() {
    MemoryStorage s = new MemoryStorage();
    s.bootstrap(ConfState.ofVoters(Set.of("a", "b")));
    assertThat(s.initialState().confState().voters()).containsExactlyInAnyOrder("a", "b");
    s.append(ents(1, 1));
    assertThatThrownBy(() -> s.bootstrap(ConfState.EMPTY)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void snapshotCompactAndChunks() {
    MemoryStorage s = new MemoryStorage();
    s.append(ents(1, 1, 2, 2, 2, 2));
    byte[] data = new byte[100];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    ConfState cs = ConfState.ofVoters(Set.of("a"));
    s.createSnapshot(3, cs, data);
    s.compact(3);
    assertThat(s.firstIndex()).isEqualTo(4);
    assertThat(s.term(3)).isEqualTo(2);
    assertThatThrownBy(() -> s.term(2)).isInstanceOf(CompactedException.class);
    assertThatThrownBy(() -> s.entries(3, 5, 100)).isInstanceOf(CompactedException.class);
    assertThat(s.entries(4, 6, 1000)).extracting(Entry::index).containsExactly(4L, 5L);
    assertThat(s.snapshotChunk(3, 90, 64)).hasSize(10);
    assertThatThrownBy(() -> s.snapshotChunk(2, 0, 64)).isInstanceOf(SnapshotUnavailableException.class);
    assertThat(s.initialState().confState()).isEqualTo(cs);
  }

  @Test
  void receivesAndInstallsASnapshotInChunks() {
    MemoryStorage s = new MemoryStorage();
    s.append(ents(1, 1, 1));
    SnapshotMetadata md = new SnapshotMetadata(10, 3, ConfState.ofVoters(Set.of("a")), 5);
    s.writeSnapshotChunk(md, 0, new byte[] {1, 2, 3}, false);
    assertThatThrownBy(() -> s.writeSnapshotChunk(md, 4, new byte[] {9}, false))
        .isInstanceOf(IllegalArgumentException.class);
    s.writeSnapshotChunk(md, 3, new byte[] {4, 5}, true);
    s.installSnapshot(md);
    assertThat(s.snapshotData()).containsExactly(1, 2, 3, 4, 5);
    assertThat(s.firstIndex()).isEqualTo(11);
    assertThat(s.lastIndex()).as("the log did not contain the snapshot's entry: discarded").isEqualTo(10);
    assertThat(s.term(10)).isEqualTo(3);
  }

  @Test
  void installKeepsTheMatchingSuffix() {
    MemoryStorage s = new MemoryStorage();
    s.append(ents(1, 1, 1, 1, 1));
    SnapshotMetadata md = new SnapshotMetadata(3, 1, ConfState.EMPTY, 0);
    s.writeSnapshotChunk(md, 0, new byte[0], true);
    s.installSnapshot(md);
    assertThat(s.firstIndex()).isEqualTo(4);
    assertThat(s.lastIndex()).isEqualTo(4);
    assertThat(s.term(4)).isEqualTo(1);
  }
}
