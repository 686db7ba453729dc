package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.api.KeyRange;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.RevisionUnavailableException;
import io.raftkv.kv.WatchFilter;
import io.raftkv.kv.Watcher;
import io.raftkv.kv.api.LocalKvService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The leader compacts only what both retention bounds release, unless the history outgrows its byte bound;
 * followers never propose.
 */
class AutoCompactorTest {

  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  @Test
  void keepsAtLeastBothTheRevisionsAndTheAge() throws Exception {
    KvStateMachine state = new KvStateMachine();
    AtomicLong clock = new AtomicLong();
    AtomicBoolean leader = new AtomicBoolean(true);
    try (LocalKvService service = new LocalKvService(state)) {
      AutoCompactor compactor = new AutoCompactor(new CompactionRetention(10, Duration.ofMinutes(5)), 0,
          state, service, leader::get, clock::get);
      write(service, 50);
      assertThat(compactor.tick()).as("nothing is 5 minutes old yet").isZero();
      clock.addAndGet(3 * MINUTE);
      write(service, 50);
      assertThat(compactor.tick()).isZero();
      clock.addAndGet(3 * MINUTE);
      // At 6 minutes the sample taken at 0 (revision 50) is old enough; 10 revisions allow up to 91.
      assertThat(compactor.tick()).isEqualTo(50);
      awaitCompactRevision(state, 50);
      leader.set(false);
      clock.addAndGet(10 * MINUTE);
      assertThat(compactor.tick()).as("a follower does not propose").isZero();
      leader.set(true);
      assertThat(compactor.tick()).as("now the revisions bound decides").isEqualTo(91);
    }
  }

  @Test
  void theHistoryByteBoundCompactsInsideTheRetention() throws Exception {
    KvStateMachine state = new KvStateMachine();
    AtomicBoolean leader = new AtomicBoolean(false);
    long bound = 64 * 1024;
    try (LocalKvService service = new LocalKvService(state)) {
      AutoCompactor compactor = new AutoCompactor(CompactionRetention.DEFAULT, bound, state, service, leader::get,
          () -> 0);
      // A watcher that falls behind from the start and never reads: the forced compaction passes it.
      Watcher slow = state.watch(KeyRange.prefix(""), 1, WatchFilter.NONE, false, () -> {});
      for (int i = 0; i < 200; i++) {
        service.write(new KvCommand.Put("k" + (i % 5), new byte[1000])).get();
      }
      assertThat(state.historyBytes()).isGreaterThan(bound);
      assertThat(compactor.tick()).as("a follower does not propose").isZero();
      leader.set(true);
      long expected = state.compactionTargetFor(bound);
      assertThat(expected).isGreaterThan(1);
      assertThat(compactor.tick()).as("retention holds everything back; the byte bound does not").isEqualTo(expected);
      awaitCompactRevision(state, expected);
      assertThat(state.historyBytes()).isLessThanOrEqualTo(bound);
      assertThat(compactor.forcedCompactions()).isEqualTo(1);
      assertThat(compactor.tick()).as("within the bound again").isZero();
      assertThat(state.get("k4")).isPresent();
      assertThatThrownBy(() -> slow.poll(10)).as("told it was compacted, not skipped ahead")
          .isInstanceOfSatisfying(RevisionUnavailableException.class,
              e -> assertThat(e.compactRevision()).isEqualTo(expected));
    }
  }

  @Test
  void bothBoundsZeroIsOff() {
    assertThat(new CompactionRetention(0, Duration.ZERO).enabled()).isFalse();
    assertThat(CompactionRetention.DEFAULT.enabled()).isTrue();
  }

  private static void write(LocalKvService service, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      service.write(new KvCommand.Put("k" + (i % 7), new byte[] {(byte) i})).get();
    }
  }

  private static void awaitCompactRevision(KvStateMachine state, long revision) {
    org.awaitility.Awaitility.await().until(() -> state.compactRevision() == revision);
  }
}
