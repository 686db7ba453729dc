package io.raftkv.storage;

import static io.raftkv.storage.TestEntries.batch;
import static io.raftkv.storage.TestEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.log.SnapshotUnavailableException;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files: atomic creation, chunked receive and install, replacement, compaction and crash leftovers. */
class SnapshotTest {

  private static final DurableStorage.Options SMALL =
      DurableStorage.Options.defaults().withSegmentBytes(1024).withCacheBytes(4096);
  private static final ConfState CONF = ConfState.ofVoters(Set.of("a", "b", "c"));

  @TempDir Path dir;

  private static byte[] data(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static List<String> files(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** WAL segments, not counting the one being pre-allocated in the background. */
  private static List<String> segments(Path wal) throws IOException {
    return files(wal).stream().filter(n -> n.endsWith(Segment.SUFFIX)).toList();
  }

  @Test
  void createdSnapshotSurvivesReopenAndLeftoverTempFilesAreIgnored() throws IOException {
    byte[] data = data(10_000, 1);
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.bootstrap(CONF);
      s.append(batch(1, 20, 1, 30));
      s.createSnapshot(10, CONF, data);
      // A crash while writing a newer snapshot leaves only its temp file; a crash while receiving one
      // leaves a partial file.
      s.append(batch(21, 10, 2, 30));
      s.sync();
    }
    Path snap = dir.resolve("snap");
    Files.write(snap.resolve(String.format("%020d-%020d.snap.tmp", 25, 2)), data(5000, 2));
    Files.write(snap.resolve(SnapshotStore.INCOMING), data(100, 3));
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.snapshotMetadata()).isEqualTo(new SnapshotMetadata(10, 1, CONF, data.length));
      assertThat(s.snapshotData()).isEqualTo(data);
      assertThat(s.lastIndex()).isEqualTo(30);
      assertThat(s.firstIndex()).isEqualTo(1);
    }
    assertThat(files(snap)).containsExactly(String.format("%020d-%020d.snap", 10, 1));
  }

  @Test
  void newerSnapshotReplacesOlderAndChunksOfTheOldOneBecomeUnavailable() throws IOException {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 30, 1, 30));
      byte[] first = data(3000, 4);
      s.createSnapshot(10, CONF, first);
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      for (long off = 0; off < first.length; ) {
        byte[] chunk = s.snapshotChunk(10, off, 700);
        assertThat(chunk.length).isBetween(1, 700);
        read.write(chunk);
        off += chunk.length;
      }
      assertThat(read.toByteArray()).isEqualTo(first);
      assertThat(s.snapshotChunk(10, first.length, 700)).isEmpty();
      assertThatThrownBy(() -> s.snapshotChunk(10, first.length + 1, 10)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.createSnapshot(10, CONF, first)).isInstanceOf(IllegalArgumentException.class);

      byte[] second = data(2000, 5);
      s.createSnapshot(20, CONF, second);
      assertThatThrownBy(() -> s.snapshotChunk(10, 0, 100)).isInstanceOf(SnapshotUnavailableException.class);
      assertThat(s.snapshotChunk(20, 1000, 100)).isEqualTo(Arrays.copyOfRange(second, 1000, 1100));
      assertThat(files(dir.resolve("snap"))).containsExactly(String.format("%020d-%020d.snap", 20, 1));
    }
  }

  @Test
  void chunkedReceiveInstallsAndDiscardsAConflictingLog() {
    byte[] data = data(5000, 6);
    SnapshotMetadata meta = new SnapshotMetadata(50, 4, CONF, data.length);
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 20, 1, 30));
      s.setHardState(new HardState(4, "b", 0));
      // A first attempt that restarts at offset 0 after two chunks.
      s.writeSnapshotChunk(meta, 0, Arrays.copyOfRange(data, 0, 1000), false);
      s.writeSnapshotChunk(meta, 1000, Arrays.copyOfRange(data, 1000, 2000), false);
      assertThatThrownBy(() -> s.writeSnapshotChunk(meta, 3000, new byte[10], false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 3000");
      assertThatThrownBy(() -> s.installSnapshot(meta)).isInstanceOf(IllegalStateException.class);
      for (int off = 0; off < data.length; off += 1500) {
        int end = Math.min(data.length, off + 1500);
        s.writeSnapshotChunk(meta, off, Arrays.copyOfRange(data, off, end), end == data.length);
      }
      s.installSnapshot(meta);
      assertThat(s.snapshotMetadata()).isEqualTo(meta);
      assertThat(s.firstIndex()).isEqualTo(51);
      assertThat(s.lastIndex()).isEqualTo(50);
      assertThat(s.term(50)).isEqualTo(4);
      s.append(batch(51, 5, 4, 30));
      s.sync();
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.snapshotMetadata()).isEqualTo(meta);
      assertThat(s.snapshotData()).isEqualTo(data);
      assertThat(s.initialState().confState()).isEqualTo(CONF);
      assertThat(s.initialState().hardState()).isEqualTo(new HardState(4, "b", 0));
      assertThat(s.firstIndex()).isEqualTo(51);
      assertThat(s.entries(51, 56, Long.MAX_VALUE)).isEqualTo(batch(51, 5, 4, 30));
    }
  }

  @Test
  void badChunksAreRejected() {
    SnapshotMetadata meta = new SnapshotMetadata(5, 1, CONF, 100);
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThatThrownBy(() -> s.writeSnapshotChunk(meta, 10, new byte[10], false))
          .isInstanceOf(IllegalArgumentException.class);
      s.writeSnapshotChunk(meta, 0, new byte[40], false);
      assertThatThrownBy(() -> s.writeSnapshotChunk(meta, 40, new byte[70], false))
          .as("past the declared size").isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.writeSnapshotChunk(meta, 40, new byte[50], true))
          .as("done short of the declared size").isInstanceOf(IllegalArgumentException.class);
      SnapshotMetadata other = new SnapshotMetadata(6, 1, CONF, 100);
      assertThatThrownBy(() -> s.writeSnapshotChunk(other, 40, new byte[60], true))
          .as("a chunk of another snapshot").isInstanceOf(IllegalArgumentException.class);
      s.writeSnapshotChunk(meta, 40, new byte[60], true);
      s.installSnapshot(meta);
      assertThat(s.snapshotMetadata()).isEqualTo(meta);
    }
  }

  @Test
  void installingASnapshotTheLogMatchesKeepsTheSuffix() {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 20, 1, 30));
      SnapshotMetadata meta = new SnapshotMetadata(10, 1, CONF, 3);
      s.writeSnapshotChunk(meta, 0, new byte[] {7, 8, 9}, true);
      s.installSnapshot(meta);
      assertThat(s.firstIndex()).isEqualTo(11);
      assertThat(s.lastIndex()).isEqualTo(20);
      assertThat(s.entries(11, 21, Long.MAX_VALUE)).isEqualTo(batch(11, 10, 1, 30));
    }
  }

  @Test
  void compactionDeletesObsoleteSegmentsButKeepsHardStateAndMembership() throws IOException {
    Path wal = dir.resolve("wal");
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.bootstrap(CONF);
      s.setHardState(new HardState(3, "c", 0));
      for (int i = 0; i < 20; i++) {
        s.append(batch(1 + i * 5L, 5, 3, 100));
        s.sync();
      }
      int before = segments(wal).size();
      assertThat(before).isGreaterThan(10);
      s.createSnapshot(80, CONF, data(100, 7));
      s.compact(80);
      assertThat(segments(wal)).as("deletion waits for the compaction to be durable").hasSize(before);
      s.sync();
      assertThat(segments(wal).size()).isLessThan(before / 3);
      assertThat(s.metrics().segments()).isEqualTo(segments(wal).size());
      assertThat(s.entries(81, 101, Long.MAX_VALUE)).isEqualTo(batch(81, 20, 3, 100));
    }
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      assertThat(s.initialState().hardState()).isEqualTo(new HardState(3, "c", 0));
      assertThat(s.firstIndex()).isEqualTo(81);
      assertThat(s.term(80)).isEqualTo(3);
      assertThat(s.entries(81, 101, Long.MAX_VALUE)).isEqualTo(batch(81, 20, 3, 100));
    }
  }

  @Test
  void crashAfterInstallRenameButBeforeTheLogRecordIsReconciledAtOpen() throws IOException {
    Path other = dir.resolve("other");
    byte[] data = data(500, 8);
    try (DurableStorage s = DurableStorage.open(other, SMALL)) {
      s.append(batch(1, 30, 3, 10));
      s.createSnapshot(30, CONF, data);
    }
    Path mine = dir.resolve("mine");
    try (DurableStorage s = DurableStorage.open(mine, SMALL)) {
      s.append(batch(1, 20, 1, 10));
      s.sync();
    }
    // The snapshot file became current but the compaction record never reached the log.
    String name = String.format("%020d-%020d.snap", 30, 3);
    Files.copy(other.resolve("snap").resolve(name), mine.resolve("snap").resolve(name));
    try (DurableStorage s = DurableStorage.open(mine, SMALL)) {
      assertThat(s.firstIndex()).isEqualTo(31);
      assertThat(s.lastIndex()).isEqualTo(30);
      assertThat(s.term(30)).isEqualTo(3);
      s.append(List.of(entry(31, 3, 10)));
      s.sync();
    }
    try (DurableStorage s = DurableStorage.open(mine, SMALL)) {
      assertThat(s.firstIndex()).isEqualTo(31);
      assertThat(s.entries(31, 32, Long.MAX_VALUE)).containsExactly(entry(31, 3, 10));
      assertThat(s.snapshotData()).isEqualTo(data);
    }
  }

  @Test
  void aCorruptSnapshotFailsOpenNamingTheFile() throws IOException {
    try (DurableStorage s = DurableStorage.open(dir, SMALL)) {
      s.append(batch(1, 5, 1, 10));
      s.createSnapshot(5, CONF, data(1000, 9));
    }
    Path file = dir.resolve("snap").resolve(String.format("%020d-%020d.snap", 5, 1));
    byte[] bytes = Files.readAllBytes(file);
    bytes[500] ^= 4;
    Files.write(file, bytes);
    assertThatThrownBy(() -> DurableStorage.open(dir, SMALL))
        .isInstanceOf(StorageCorruptedException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("offset 0");
  }
}
