package io.raftkv.storage;

import static io.raftkv.storage.TestEntries.batch;
import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.log.CompactedException;
import io.raftkv.raft.log.SnapshotUnavailableException;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.Arrays;
import io.raftkv.raft.log.UnavailableException;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer appends, overwrites suffixes, snapshots and compacts while another thread reads, as the I/O
 * thread and the Raft event loop do. Every read must be internally consistent: contiguous indexes,
 * untorn payloads, non-decreasing terms (the writer only ever raises the term).
 */
class ConcurrentReadTest {

  @TempDir Path dir;

  @Test
  void readersNeverSeeTornOrInconsistentEntries() throws Exception {
    DurableStorage.Options options =
        DurableStorage.Options.defaults().withSegmentBytes(16 * 1024).withCacheBytes(8 * 1024);
    try (DurableStorage s = DurableStorage.open(dir, options)) {
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong reads = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      Thread reader = new Thread(() -> {
        Random random = new Random(1);
        while (!done.get()) {
          try {
            long first = s.firstIndex();
            long last = s.lastIndex();
            if (last < first) {
              continue;
            }
            long lo = first + random.nextInt((int) (last - first + 1));
            long hi = Math.min(last + 1, lo + 1 + random.nextInt(200));
            List<Entry> got = s.entries(lo, hi, random.nextBoolean() ? Long.MAX_VALUE : 4096);
            assertThat(got).isNotEmpty();
            for (int i = 0; i < got.size(); i++) {
              Entry e = got.get(i);
              assertThat(e.index()).isEqualTo(lo + i);
              assertThat(TestEntries.selfConsistent(e)).as("untorn %s", e).isTrue();
              if (i > 0) {
                assertThat(e.term()).isGreaterThanOrEqualTo(got.get(i - 1).term());
              }
            }
            s.term(lo);
            reads.incrementAndGet();
          } catch (CompactedException | UnavailableException raced) {
            // The writer compacted or truncated between our firstIndex()/lastIndex() and the read.
          } catch (Throwable t) {
            failures.add(t);
            return;
          }
        }
      }, "reader");
      reader.start();

      Random random = new Random(2);
      long term = 1;
      s.bootstrap(ConfState.ofVoters(Set.of("a")));
      for (int round = 0; round < 400 && failures.isEmpty(); round++) {
        int dice = random.nextInt(100);
        long last = s.lastIndex();
        long snap = s.snapshotMetadata().index();
        if (dice < 15 && last - snap > 5) {
          term++;
          long from = Math.max(snap + 1, last - random.nextInt(10));
          s.append(batch(from, 1 + random.nextInt(20), term, 64 + random.nextInt(300)));
        } else if (dice < 20 && last > snap + 50) {
          long at = last - 20;
          s.createSnapshot(at, ConfState.ofVoters(Set.of("a")), new byte[] {(byte) at});
          s.compact(at - random.nextInt(10));
        } else {
          s.append(batch(last + 1, 1 + random.nextInt(30), term, 64 + random.nextInt(300)));
        }
        s.sync();
      }
      done.set(true);
      reader.join();
      assertThat(failures).isEmpty();
      assertThat(reads.get()).isGreaterThan(100);
      assertThat(s.metrics().segmentRolls()).isGreaterThan(5);
    }
  }

  private static byte[] snapshotData(long index) {
    byte[] data = new byte[3000 + (int) (index % 1000)];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (index * 13 + i);
    }
    return data;
  }

  @Test
  void snapshotChunksAreFromTheSnapshotAskedForOrUnavailable() throws Exception {
    try (DurableStorage s = DurableStorage.open(dir, DurableStorage.Options.defaults().withSegmentBytes(64 * 1024))) {
      s.append(batch(1, 400, 1, 16));
      s.sync();
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong chunks = new AtomicLong();
      AtomicLong unavailable = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      Thread reader = new Thread(() -> {
        while (!done.get()) {
          SnapshotMetadata meta = s.snapshotMetadata();
          if (meta.isEmpty()) {
            continue;
          }
          try {
            byte[] expected = snapshotData(meta.index());
            for (int off = 0; off < expected.length; off += 512) {
              byte[] chunk = s.snapshotChunk(meta.index(), off, 512);
              assertThat(chunk).isEqualTo(Arrays.copyOfRange(expected, off, Math.min(expected.length, off + 512)));
              chunks.incrementAndGet();
            }
          } catch (SnapshotUnavailableException replaced) {
            unavailable.incrementAndGet();
          } catch (Throwable t) {
            failures.add(t);
            return;
          }
        }
      }, "snapshot-reader");
      reader.start();
      for (long index = 1; index <= 120 && failures.isEmpty(); index++) {
        s.createSnapshot(index, ConfState.ofVoters(Set.of("a")), snapshotData(index));
      }
      done.set(true);
      reader.join();
      assertThat(failures).isEmpty();
      assertThat(chunks.get()).isGreaterThan(0);
      assertThat(s.snapshotData()).isEqualTo(snapshotData(120));
    }
  }
}
