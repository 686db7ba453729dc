package io.raftkv.storage;

import static io.raftkv.storage.TestEntries.batch;
import static io.raftkv.storage.TestEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.log.CompactedException;
import io.raftkv.raft.log.UnavailableException;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Storage contract on a real directory: reads, overwrites, compaction, limits, bad input, restarts. */
class DurableStorageTest {

  @TempDir Path dir;

  private static final DurableStorage.Options SMALL =
      DurableStorage.Options.defaults().withSegmentBytes(4096).withCacheBytes(1024);

  @Test
  void emptyStorageAnswersLikeAFreshLog() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.firstIndex()).isEqualTo(1);
      assertThat(s.lastIndex()).isZero();
      assertThat(s.term(0)).isZero();
      assertThat(s.initialState().hardState()).isEqualTo(HardState.EMPTY);
      assertThat(s.initialState().confState()).isEqualTo(ConfState.EMPTY);
      assertThat(s.snapshotMetadata().isEmpty()).isTrue();
      assertThat(s.entries(1, 1, Long.MAX_VALUE)).isEmpty();
      assertThatThrownBy(() -> s.term(1)).isInstanceOf(UnavailableException.class);
    }
  }

  @Test
  void bootstrapHardStateAndEntriesSurviveReopen() {
    ConfState conf = ConfState.ofVoters(Set.of("a", "b", "c"));
    List<Entry> written = batch(1, 200, 1, 100);
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.bootstrap(conf);
      s.append(written.subList(0, 150));
      s.setHardState(new HardState(1, "a", 40));
      s.sync();
      s.append(written.subList(150, 200));
      s.setHardState(new HardState(2, null, 120));
      s.sync();
      assertThatThrownBy(() -> s.bootstrap(conf)).isInstanceOf(IllegalStateException.class);
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.initialState().hardState()).isEqualTo(new HardState(2, null, 120));
      assertThat(s.initialState().confState()).isEqualTo(conf);
      assertThat(s.lastIndex()).isEqualTo(200);
      assertThat(s.entries(1, 201, Long.MAX_VALUE)).isEqualTo(written);
      assertThat(s.metrics().segments()).as("4 KiB segments must have rolled").isGreaterThan(3);
    }
  }

  @Test
  void overwrittenSuffixStaysOverwrittenAfterReopen() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 10, 1, 32));
      s.sync();
      s.append(batch(6, 2, 2, 32));
      s.sync();
      assertThat(s.lastIndex()).isEqualTo(7);
      assertThat(s.term(5)).isEqualTo(1);
      assertThat(s.term(6)).isEqualTo(2);
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.lastIndex()).isEqualTo(7);
      List<Entry> expected = new ArrayList<>(batch(1, 5, 1, 32));
      expected.addAll(batch(6, 2, 2, 32));
      assertThat(s.entries(1, 8, Long.MAX_VALUE)).isEqualTo(expected);
      s.append(batch(8, 3, 2, 32));
      s.sync();
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.lastIndex()).isEqualTo(10);
      assertThat(s.term(10)).isEqualTo(2);
    }
  }

  @Test
  void entriesHonourMaxBytesButReturnAtLeastOne() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 10, 1, 100));
      long one = entry(1, 1, 100).sizeBytes();
      assertThat(s.entries(1, 11, 0)).hasSize(1);
      assertThat(s.entries(1, 11, one * 3)).hasSize(3);
      assertThat(s.entries(1, 11, one * 3 + 1)).hasSize(3);
      assertThat(s.entries(3, 11, Long.MAX_VALUE)).hasSize(8);
      assertThatThrownBy(() -> s.entries(1, 12, Long.MAX_VALUE)).isInstanceOf(UnavailableException.class);
    }
  }

  @Test
  void entriesEvictedFromTheCacheAreReadBackFromSegments() {
    List<Entry> written = batch(1, 300, 3, 200);
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      for (int i = 0; i < 300; i += 30) {
        s.append(written.subList(i, i + 30));
        s.sync();
      }
      assertThat(s.metrics().cachedEntryBytes()).isLessThanOrEqualTo(1024 + written.get(0).sizeBytes());
      assertThat(s.entries(1, 301, Long.MAX_VALUE)).isEqualTo(written);
      assertThat(s.entries(17, 18, Long.MAX_VALUE)).containsExactly(written.get(16));
    }
  }

  @Test
  void compactionMovesFirstIndexAndKeepsTermOfCompactionPoint() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 20, 1, 50));
      s.append(batch(21, 20, 2, 50));
      s.setHardState(new HardState(2, "x", 40));
      assertThatThrownBy(() -> s.compact(10)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("snapshot");
      s.createSnapshot(30, ConfState.ofVoters(Set.of("x")), new byte[] {1, 2, 3});
      s.compact(25);
      s.sync();
      assertThat(s.firstIndex()).isEqualTo(26);
      assertThat(s.term(25)).isEqualTo(2);
      assertThatThrownBy(() -> s.term(24)).isInstanceOf(CompactedException.class);
      assertThatThrownBy(() -> s.entries(25, 27, Long.MAX_VALUE)).isInstanceOf(CompactedException.class);
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.firstIndex()).isEqualTo(26);
      assertThat(s.term(25)).isEqualTo(2);
      assertThat(s.entries(26, 41, Long.MAX_VALUE)).isEqualTo(batch(26, 15, 2, 50));
      assertThat(s.snapshotMetadata().index()).isEqualTo(30);
      assertThat(s.initialState().confState()).isEqualTo(ConfState.ofVoters(Set.of("x")));
    }
  }

  @Test
  void badInputIsRejectedWithoutHarm() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 5, 1, 10));
      assertThatThrownBy(() -> s.append(batch(7, 1, 1, 10))).isInstanceOf(IllegalArgumentException.class);
      List<Entry> holey = List.of(entry(6, 1, 10), entry(8, 1, 10));
      assertThatThrownBy(() -> s.append(holey)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.compact(9)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.createSnapshot(9, ConfState.EMPTY, new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
      s.append(batch(6, 1, 1, 10));
      s.sync();
      assertThat(s.lastIndex()).isEqualTo(6);
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.entries(1, 7, Long.MAX_VALUE)).isEqualTo(batch(1, 6, 1, 10));
    }
  }

  @Test
  void aRecordLargerThanASegmentGetsASegmentOfItsOwn() {
    List<Entry> written = new ArrayList<>(batch(1, 3, 1, 100));
    written.add(entry(4, 1, 10_000));
    written.addAll(batch(5, 3, 1, 100));
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(written.subList(0, 3));
      s.append(written.subList(3, 4));
      s.append(written.subList(4, 7));
      s.sync();
      assertThat(s.entries(1, 8, Long.MAX_VALUE)).isEqualTo(written);
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.entries(1, 8, Long.MAX_VALUE)).isEqualTo(written);
    }
  }

  @Test
  void appendOverlappingTheCompactedPrefixKeepsOnlyTheNewPart() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 10, 1, 20));
      s.createSnapshot(8, ConfState.EMPTY, new byte[0]);
      s.compact(8);
      s.append(batch(5, 10, 1, 20));
      assertThat(s.firstIndex()).isEqualTo(9);
      assertThat(s.lastIndex()).isEqualTo(14);
      s.append(batch(3, 2, 1, 20));
      assertThat(s.lastIndex()).as("entirely compacted: nothing changes").isEqualTo(14);
      s.sync();
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.entries(9, 15, Long.MAX_VALUE)).isEqualTo(batch(9, 6, 1, 20));
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 3, 1, 10));
      assertThatThrownBy(() -> DurableStorage.open(dir, SMALL))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
      s.append(batch(4, 1, 1, 10));
      s.sync();
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.lastIndex()).isEqualTo(4);
    }
  }

  @Test
  void writesAfterCloseAreRefused() {
    DurableStorage s = DurableStorage.open(dir, SMALL);
    s.close();
    assertThatThrownBy(() -> s.append(batch(1, 1, 1, 10))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::sync).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void syncIsOneFsyncAndMetricsCountIt() {
    try (DurableStorage s = DurableStorage.open(dir, DurableStorage.Options.defaults().withSegmentBytes(1 << 20))) {
      StorageMetrics before = s.metrics();
      for (int i = 0; i < 10; i++) {
        s.append(batch(1 + i * 8L, 8, 1, 64));
        s.setHardState(new HardState(1, null, i));
      }
      s.sync();
      StorageMetrics after = s.metrics();
      assertThat(after.syncs() - before.syncs()).isEqualTo(1);
      assertThat(after.fsyncs() - before.fsyncs()).isEqualTo(1);
      assertThat(after.writes() - before.writes()).as("the whole group is one write").isEqualTo(1);
      assertThat(after.bytesWritten() - before.bytesWritten()).isGreaterThan(80 * 64);
      s.sync();
      assertThat(s.metrics().fsyncs()).as("nothing new to sync").isEqualTo(after.fsyncs());
    }
  }
}
