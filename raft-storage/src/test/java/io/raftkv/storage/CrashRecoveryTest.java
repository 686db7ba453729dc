package io.raftkv.storage;

import static io.raftkv.storage.TestEntries.batch;
import static io.raftkv.storage.TestEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Simulated crashes: a copy of the WAL cut (or torn) at every byte of its last records must recover exactly
 * the records completed before the cut; corruption anywhere before the tail must make open() fail, naming
 * the file and offset.
 */
class CrashRecoveryTest {

  private static final DurableStorage.Options ONE_SEGMENT =
      DurableStorage.Options.defaults().withSegmentBytes(64 * 1024).withCacheBytes(1 << 20);
  private static final String SEGMENT = Segment.fileName(0);
  private static final ConfState CONF = ConfState.ofVoters(Set.of("n1", "n2", "n3"));

  @TempDir Path tmp;

  /** The recovered state expected after each prefix of the WAL's records. */
  private record Expected(List<Entry> log, HardState hardState, ConfState conf) {}

  private final List<Expected> afterRecords = new ArrayList<>();
  private byte[] wal;
  /** End offset of each record in {@link #wal}. */
  private int[] ends;

  @BeforeEach
  void writeReferenceLog() throws IOException {
    Path dir = tmp.resolve("reference");
    List<Entry> log = new ArrayList<>();
    HardState[] hs = {HardState.EMPTY};
    ConfState[] conf = {ConfState.EMPTY};
    Runnable snapshot = () -> afterRecords.add(new Expected(List.copyOf(log), hs[0], conf[0]));
    Consumer<List<Entry>> model = batch -> {
      for (Entry e : batch) {
        log.subList((int) e.index() - 1, log.size()).clear();
        log.add(e);
        snapshot.run();
      }
    };
    try (DurableStorage s = DurableStorage.open(dir, ONE_SEGMENT)) {
      snapshot.run(); // segment header
      s.bootstrap(CONF);
      conf[0] = CONF;
      snapshot.run();
      List<List<Entry>> appends = List.of(batch(1, 5, 1, 40), batch(4, 4, 2, 60), batch(8, 3, 2, 20));
      HardState[] states = {new HardState(1, "n1", 2), new HardState(2, "n2", 5), new HardState(2, "n2", 9)};
      for (int i = 0; i < appends.size(); i++) {
        s.append(appends.get(i));
        model.accept(appends.get(i));
        s.setHardState(states[i]);
        hs[0] = states[i];
        snapshot.run();
        s.sync();
      }
    }
    wal = Files.readAllBytes(dir.resolve("wal").resolve(SEGMENT));
    List<Integer> offsets = new ArrayList<>();
    for (int off = 0; ; ) {
      int frame = RecordFramer.check(wal, off, wal.length);
      if (frame <= 0) {
        break;
      }
      off += frame;
      offsets.add(off);
    }
    ends = offsets.stream().mapToInt(Integer::intValue).toArray();
    assertThat(ends).hasSize(afterRecords.size());
  }

  private Path copyWith(String name, byte[] segment) throws IOException {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir.resolve("wal"));
    Files.write(dir.resolve("wal").resolve(SEGMENT), segment);
    return dir;
  }

  private Expected expectedAtCut(int cut) {
    int complete = 0;
    while (complete < ends.length && ends[complete] <= cut) {
      complete++;
    }
    return afterRecords.get(complete - 1);
  }

  private static void assertRecovered(DurableStorage s, Expected expected) {
    assertRecovered(s, expected, "");
  }

  private static void assertRecovered(DurableStorage s, Expected expected, String label) {
    assertThat(s.initialState().hardState()).as(label).isEqualTo(expected.hardState());
    assertThat(s.initialState().confState()).as(label).isEqualTo(expected.conf());
    assertThat(s.firstIndex()).as(label).isEqualTo(1);
    assertThat(s.lastIndex()).as(label).isEqualTo(expected.log().size());
    assertThat(s.entries(1, expected.log().size() + 1, Long.MAX_VALUE)).isEqualTo(expected.log());
  }

  @Test
  void everyCutOfTheLastRecordsRecoversTheCompletePrefix() throws IOException {
    int from = ends[ends.length - 8];
    int to = ends[ends.length - 1];
    Random random = new Random(42);
    int opened = 0;
    for (int cut = from; cut <= to; cut++) {
      Expected expected = expectedAtCut(cut);
      // Three crash shapes: the file ends at the cut; the pre-allocated zeros follow it; garbage from a torn
      // sector write follows it up to where the interrupted record would have ended.
      byte[] truncated = Arrays.copyOf(wal, cut);
      byte[] zeroed = wal.clone();
      Arrays.fill(zeroed, cut, to, (byte) 0);
      byte[] garbage = zeroed.clone();
      int c = cut;
      int tornEnd = Arrays.stream(ends).filter(e -> e > c).findFirst().orElse(cut);
      for (int i = cut; i < tornEnd; i++) {
        // Never the byte that was meant to be there: a lucky byte would complete the record.
        garbage[i] = (byte) (wal[i] ^ (1 + random.nextInt(255)));
      }
      List<byte[]> variants = List.of(truncated, zeroed, garbage);
      for (int v = 0; v < variants.size(); v++) {
        Path dir = copyWith("cut-" + cut + "-" + opened++, variants.get(v));
        try (DurableStorage s = DurableStorage.open(dir, ONE_SEGMENT)) {
          assertRecovered(s, expected, "cut " + cut + " of " + Arrays.toString(ends) + ", variant " + v);
          if (cut % 16 == 0) {
            // Recovery left a clean tail: new writes land after the prefix and survive another restart.
            long next = expected.log().size() + 1;
            s.append(List.of(entry(next, 9, 33)));
            s.sync();
          }
        }
        if (cut % 16 == 0) {
          try (DurableStorage s = DurableStorage.open(dir, ONE_SEGMENT)) {
            assertThat(s.lastIndex()).isEqualTo(expected.log().size() + 1);
            assertThat(s.term(s.lastIndex())).isEqualTo(9);
            assertThat(s.entries(1, s.lastIndex(), Long.MAX_VALUE)).isEqualTo(expected.log());
          }
        }
      }
    }
    assertThat(opened).isEqualTo(3 * (to - from + 1));
  }

  @Test
  void aFlippedBitBeforeTheTailFailsOpenNamingFileAndOffset() throws IOException {
    Random random = new Random(7);
    for (int r = 0; r < ends.length - 1; r++) {
      int start = r == 0 ? 0 : ends[r - 1];
      // One flip in the frame header, one in the body.
      for (int pos : new int[] {start + random.nextInt(RecordFramer.HEADER_BYTES),
          start + RecordFramer.HEADER_BYTES + random.nextInt(ends[r] - start - RecordFramer.HEADER_BYTES)}) {
        byte[] corrupt = wal.clone();
        corrupt[pos] ^= (byte) (1 << random.nextInt(8));
        Path dir = copyWith("flip-" + r + "-" + pos, corrupt);
        Path file = dir.resolve("wal").resolve(SEGMENT);
        int expectedOffset = start;
        assertThatThrownBy(() -> DurableStorage.open(dir, ONE_SEGMENT))
            .isInstanceOfSatisfying(StorageCorruptedException.class, e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.offset()).isEqualTo(expectedOffset);
            })
            .hasMessageContaining(file.toString())
            .hasMessageContaining("offset " + expectedOffset);
        // The corrupt file is left untouched for an operator to inspect.
        assertThat(Files.readAllBytes(file)).isEqualTo(corrupt);
      }
    }
  }

  @Test
  void aFlippedBitInTheLastRecordIsATornTailAndIsLogged() throws IOException {
    Logger logger = (Logger) LoggerFactory.getLogger(SegmentedLog.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Level old = logger.getLevel();
    logger.setLevel(Level.WARN);
    logger.setAdditive(false);
    try {
      int start = ends[ends.length - 2];
      for (int pos = start; pos < ends[ends.length - 1]; pos += 5) {
        byte[] corrupt = wal.clone();
        corrupt[pos] ^= 0x10;
        Path dir = copyWith("last-" + pos, corrupt);
        try (DurableStorage s = DurableStorage.open(dir, ONE_SEGMENT)) {
          assertRecovered(s, afterRecords.get(afterRecords.size() - 2));
        }
        ILoggingEvent warning = appender.list.get(appender.list.size() - 1);
        assertThat(warning.getLevel()).isEqualTo(Level.WARN);
        assertThat(warning.getFormattedMessage())
            .contains(dir.resolve("wal").resolve(SEGMENT).toString())
            .contains("offset " + start);
      }
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(old);
      logger.setAdditive(true);
    }
  }

  @Test
  void leftoverTemporarySegmentIsDeletedAndIgnored() throws IOException {
    Path dir = copyWith("tmp-segment", wal);
    Path temp = dir.resolve("wal").resolve(String.format("%016x.wal.tmp", 1));
    Files.write(temp, new byte[] {1, 2, 3});
    try (DurableStorage s = DurableStorage.open(dir, ONE_SEGMENT)) {
      assertRecovered(s, afterRecords.get(afterRecords.size() - 1));
    }
    assertThat(temp).doesNotExist();
  }

  @Test
  void corruptionInASealedSegmentFailsEvenAtItsEnd() throws IOException {
    Path dir = tmp.resolve("multi");
    DurableStorage.Options small = ONE_SEGMENT.withSegmentBytes(1024);
    try (DurableStorage s = DurableStorage.open(dir, small)) {
      for (int i = 0; i < 10; i++) {
        s.append(batch(1 + i * 4L, 4, 1, 100));
        s.sync();
      }
      assertThat(s.metrics().segments()).isGreaterThan(2);
    }
    Path first = dir.resolve("wal").resolve(SEGMENT);
    byte[] bytes = Files.readAllBytes(first);
    int lastStart = 0;
    for (int off = 0, frame; (frame = RecordFramer.check(bytes, off, bytes.length)) > 0; off += frame) {
      lastStart = off;
    }
    bytes[lastStart + RecordFramer.HEADER_BYTES + 3] ^= 1;
    Files.write(first, bytes);
    int offset = lastStart;
    assertThatThrownBy(() -> DurableStorage.open(dir, small))
        .isInstanceOf(StorageCorruptedException.class)
        .hasMessageContaining(first.toString())
        .hasMessageContaining("offset " + offset);
  }

  @Test
  void aMissingMiddleSegmentFailsOpen() throws IOException {
    Path dir = tmp.resolve("missing");
    DurableStorage.Options small = ONE_SEGMENT.withSegmentBytes(1024);
    try (DurableStorage s = DurableStorage.open(dir, small)) {
      for (int i = 0; i < 10; i++) {
        s.append(batch(1 + i * 4L, 4, 1, 100));
        s.sync();
      }
    }
    Files.delete(dir.resolve("wal").resolve(Segment.fileName(1)));
    assertThatThrownBy(() -> DurableStorage.open(dir, small))
        .isInstanceOf(StorageCorruptedException.class)
        .hasMessageContaining(Segment.fileName(1));
  }
}
