package io.raftkv.kv.server;

import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.KvService;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes compactions by {@link CompactionRetention} and by the history bound of the {@link StoreBudget}.
 * Only the leader proposes, and compaction is a log command, so every replica compacts at the same revision
 * at the same point of the log; a follower that becomes leader carries on from its own samples.
 *
 * <p>The byte bound wins over the retention: when the kept history outgrows {@code maxHistoryBytes} the
 * leader compacts at the lowest revision that brings it back under, even inside the retention (a watcher or
 * historical read behind that point then gets its {@code compacted} error, never a silent gap). The history
 * lives in the heap, so a retention in revisions and minutes alone lets large values at a high rate fill it.
 *
 * <p>Owns the samples of (time, revision) taken at each {@link #tick}, oldest first, kept for one retention
 * age, and the count of compactions the byte bound forced. Invariant: sample times and revisions never
 * decrease. {@link #tick} is driven by its own daemon thread in production and called directly in tests,
 * with an injected clock.
 */
final class AutoCompactor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AutoCompactor.class);

  private record Sample(long nanos, long revision) {}

  private final CompactionRetention retention;
  private final long maxHistoryBytes;
  private final AtomicLong forced = new AtomicLong();
  private final KvStateMachine state;
  private final KvService service;
  private final BooleanSupplier isLeader;
  private final LongSupplier nanoClock;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private ScheduledExecutorService timer;

  AutoCompactor(CompactionRetention retention, long maxHistoryBytes, KvStateMachine state, KvService service,
      BooleanSupplier isLeader, LongSupplier nanoClock) {
    this.retention = retention;
    this.maxHistoryBytes = maxHistoryBytes;
    this.state = state;
    this.service = service;
    this.isLeader = isLeader;
    this.nanoClock = nanoClock;
  }

  /** Ticks every {@code periodMillis} on a daemon thread; nothing when neither retention nor byte bound is on. */
  void start(long periodMillis) {
    if (!retention.enabled() && maxHistoryBytes == 0) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "auto-compaction");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        log.warn("auto-compaction tick failed", e);
      }
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Samples the revision and, on the leader, proposes a compaction to the newest revision that both retention
   * bounds allow, or higher to the revision the history byte bound needs, if that is above the current
   * compaction point. Returns the revision proposed, or 0.
   */
  long tick() {
    long now = nanoClock.getAsLong();
    long revision = state.revision();
    samples.addLast(new Sample(now, revision));
    long ageNanos = retention.age().toNanos();
    // Keep the newest sample at least one age old: it bounds what the age allows.
    while (samples.size() > 1) {
      Sample first = samples.pollFirst();
      if (now - samples.peekFirst().nanos() < ageNanos) {
        samples.addFirst(first);
        break;
      }
    }
    long target = 0;
    if (retention.enabled()) {
      target = retention.revisions() > 0 ? revision - retention.revisions() + 1 : revision;
      if (ageNanos > 0) {
        Sample oldest = samples.peekFirst();
        target = Math.min(target, now - oldest.nanos() >= ageNanos ? oldest.revision() : 0);
      }
    }
    if (!isLeader.getAsBoolean()) {
      return 0;
    }
    long bySize = maxHistoryBytes > 0 ? state.compactionTargetFor(maxHistoryBytes) : 0;
    if (bySize > target && bySize > state.compactRevision()) {
      forced.incrementAndGet();
      log.info("history over {} bytes (--max-history-bytes): compacting at {}, inside the retention ({})",
          maxHistoryBytes, bySize, target);
      target = bySize;
    }
    if (target <= state.compactRevision() || target < 1) {
      return 0;
    }
    long proposed = target;
    service.write(new KvCommand.Compact(proposed)).whenComplete((r, e) -> {
      if (e != null) {
        log.debug("auto-compaction to {} not applied: {}", proposed, e.toString());
      }
    });
    return proposed;
  }

  /** Compactions the history byte bound forced past the retention, since start (this node as leader). */
  long forcedCompactions() {
    return forced.get();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
