package io.raftkv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of writes, syncs and restarts read back exactly as {@link MemoryStorage} (the core's
 * reference implementation) answers after the same writes.
 */
class StoragePropertyTest {

  private static final DurableStorage.Options OPTIONS =
      DurableStorage.Options.defaults().withSegmentBytes(1024).withCacheBytes(1500);
  private static final List<String> IDS = Arrays.asList(null, "a", "b", "c");

  sealed interface Op {}

  /** Append {@code count} entries starting {@code back} entries before the end (overwriting a suffix). */
  record Append(int back, int count, boolean newTerm, int size) implements Op {}

  record SetHardState(int termBump, int voted, int commit) implements Op {}

  /** Snapshot at a point between the last snapshot and the end, then compact part of the way to it. */
  record SnapshotAndCompact(double at, double compactAt, int size) implements Op {}

  /** Receive a snapshot in chunks from a leader, matching our log or not, and install it. */
  record Install(int ahead, boolean matching, int size, int chunk) implements Op {}

  record Sync() implements Op {}

  record Reopen() implements Op {}

  /** Sync, then recover a copy of the files taken while the storage is still open (no close()). */
  record SyncAndRecoverCopy() implements Op {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> append = Combinators.combine(
        Arbitraries.integers().between(0, 6), Arbitraries.integers().between(1, 8),
        Arbitraries.of(true, false), Arbitraries.integers().between(0, 300)).as(Append::new);
    Arbitrary<Op> hard = Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 100)).as(SetHardState::new);
    Arbitrary<Op> snap = Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1),
        Arbitraries.integers().between(0, 3000)).as(SnapshotAndCompact::new);
    Arbitrary<Op> install = Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.of(true, false),
        Arbitraries.integers().between(0, 4000), Arbitraries.integers().between(1, 1500)).as(Install::new);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        Tuple.of(10, append), Tuple.of(3, hard), Tuple.of(2, snap), Tuple.of(1, install),
        Tuple.of(4, Arbitraries.just(new Sync())), Tuple.of(2, Arbitraries.just(new Reopen())),
        Tuple.of(1, Arbitraries.just(new SyncAndRecoverCopy())));
    return op.list().ofMinSize(5).ofMaxSize(40);
  }

  @Property(tries = 60)
  void readsBackLikeTheInMemoryModel(@ForAll("ops") List<Op> ops) throws IOException {
    Path dir = Files.createTempDirectory("storage-prop");
    MemoryStorage model = new MemoryStorage();
    DurableStorage storage = DurableStorage.open(dir, OPTIONS);
    long maxTerm = 1;
    Random random = new Random(ops.hashCode());
    try {
      ConfState conf = ConfState.ofVoters(Set.of("a", "b", "c"));
      model.bootstrap(conf);
      storage.bootstrap(conf);
      for (Op op : ops) {
        if (op instanceof Append a) {
          maxTerm += a.newTerm() ? 1 : 0;
          // Entries a snapshot covers are committed and never rewritten (Log Matching, §5.3).
          long first = Math.max(model.snapshotMetadata().index() + 1, model.lastIndex() + 1 - a.back());
          List<Entry> batch = new ArrayList<>();
          for (int i = 0; i < a.count(); i++) {
            byte[] data = new byte[a.size()];
            random.nextBytes(data);
            batch.add(new Entry(maxTerm, first + i, i % 5 == 4 ? EntryType.CONF_CHANGE : EntryType.NORMAL, data));
          }
          model.append(batch);
          storage.append(batch);
        } else if (op instanceof SetHardState h) {
          maxTerm += h.termBump();
          HardState hs = new HardState(maxTerm, IDS.get(h.voted()), h.commit());
          model.setHardState(hs);
          storage.setHardState(hs);
        } else if (op instanceof SnapshotAndCompact s) {
          long lo = Math.max(model.snapshotMetadata().index() + 1, model.firstIndex());
          long hi = model.lastIndex();
          if (lo <= hi) {
            long at = lo + (long) (s.at() * (hi - lo));
            byte[] data = new byte[s.size()];
            random.nextBytes(data);
            ConfState cs = ConfState.ofVoters(Set.of("a", "b", "c", "d" + at));
            model.createSnapshot(at, cs, data);
            storage.createSnapshot(at, cs, data);
            long compactTo = model.firstIndex() - 1 + (long) (s.compactAt() * (at - model.firstIndex() + 1));
            model.compact(compactTo);
            storage.compact(compactTo);
          }
        } else if (op instanceof Install in) {
          long index = model.snapshotMetadata().index() + in.ahead();
          boolean canMatch = index >= model.firstIndex() - 1 && index <= model.lastIndex();
          long term = in.matching() && canMatch ? model.term(index) : ++maxTerm;
          byte[] data = new byte[in.size()];
          random.nextBytes(data);
          ConfState cs = ConfState.ofVoters(Set.of("x" + index));
          SnapshotMetadata meta = new SnapshotMetadata(index, term, cs, data.length);
          for (int off = 0; off == 0 || off < data.length; off += in.chunk()) {
            int end = Math.min(data.length, off + in.chunk());
            byte[] chunk = Arrays.copyOfRange(data, off, end);
            model.writeSnapshotChunk(meta, off, chunk, end == data.length);
            storage.writeSnapshotChunk(meta, off, chunk, end == data.length);
          }
          model.installSnapshot(meta);
          storage.installSnapshot(meta);
        } else if (op instanceof Sync) {
          storage.sync();
        } else if (op instanceof Reopen) {
          storage.close();
          storage = DurableStorage.open(dir, OPTIONS);
        } else if (op instanceof SyncAndRecoverCopy) {
          storage.sync();
          Path copy = Files.createTempDirectory("storage-copy");
          try {
            copyTree(dir, copy);
            try (DurableStorage recovered = DurableStorage.open(copy, OPTIONS)) {
              assertSameAs(model, recovered);
            }
          } finally {
            deleteRecursively(copy);
          }
        }
        assertSameAs(model, storage);
      }
      storage.close();
      storage = DurableStorage.open(dir, OPTIONS);
      assertSameAs(model, storage);
      assertThat(storage.snapshotData()).isEqualTo(model.snapshotData());
    } finally {
      storage.close();
      deleteRecursively(dir);
    }
  }

  private static void assertSameAs(MemoryStorage model, DurableStorage storage) {
    assertThat(storage.firstIndex()).isEqualTo(model.firstIndex());
    assertThat(storage.lastIndex()).isEqualTo(model.lastIndex());
    for (long i = model.firstIndex() - 1; i <= model.lastIndex(); i++) {
      assertThat(storage.term(i)).as("term(%d)", i).isEqualTo(model.term(i));
    }
    assertThat(storage.entries(model.firstIndex(), model.lastIndex() + 1, Long.MAX_VALUE))
        .isEqualTo(model.entries(model.firstIndex(), model.lastIndex() + 1, Long.MAX_VALUE));
    if (model.lastIndex() >= model.firstIndex()) {
      assertThat(storage.entries(model.firstIndex(), model.lastIndex() + 1, 700))
          .isEqualTo(model.entries(model.firstIndex(), model.lastIndex() + 1, 700));
    }
    assertThat(storage.initialState()).isEqualTo(model.initialState());
    assertThat(storage.snapshotMetadata()).isEqualTo(model.snapshotMetadata());
  }

  /** Copies the data files as a crash would leave them (skipping the lock and pre-allocated segments). */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK") && !p.toString().endsWith(".tmp")) {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
