package io.raftkv.kv.server;

import io.raftkv.kv.KvCommand;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.api.KvService;
import java.util.ArrayDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes compactions by {@link CompactionRetention}. Only the leader proposes, and compaction is a log
 * command, so every replica compacts at the same revision at the same point of the log; a follower that
 * becomes leader carries on from its own samples.
 *
 * <p>Owns the samples of (time, revision) taken at each {@link #tick}, oldest first, kept for one retention
 * age. Invariant: sample times and revisions never decrease. {@link #tick} is driven by its own daemon
 * thread in production and called directly in tests, with an injected clock.
 */
final class AutoCompactor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AutoCompactor.class);

  private record Sample(long nanos, long revision) {}

  private final CompactionRetention retention;
  private final KvStateMachine state;
  private final KvService service;
  private final BooleanSupplier isLeader;
  private final LongSupplier nanoClock;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private ScheduledExecutorService timer;

  AutoCompactor(CompactionRetention retention, KvStateMachine state, KvService service, BooleanSupplier isLeader,
      LongSupplier nanoClock) {
    this.retention = retention;
    this.state = state;
    this.service = service;
    this.isLeader = isLeader;
    this.nanoClock = nanoClock;
  }

  /** Ticks every {@code periodMillis} on a daemon thread; nothing when retention is off. */
  void start(long periodMillis) {
    if (!retention.enabled()) {
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
   * Samples the revision and, on the leader, proposes a compaction to the newest revision that both bounds
   * allow, if that is above the current compaction point. Returns the revision proposed, or 0.
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
    long target = retention.revisions() > 0 ? revision - retention.revisions() + 1 : revision;
    if (ageNanos > 0) {
      Sample oldest = samples.peekFirst();
      target = Math.min(target, now - oldest.nanos() >= ageNanos ? oldest.revision() : 0);
    }
    if (target <= state.compactRevision() || target < 1 || !isLeader.getAsBoolean()) {
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

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
