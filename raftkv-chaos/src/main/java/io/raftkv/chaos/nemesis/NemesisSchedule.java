package io.raftkv.chaos.nemesis;

import io.raftkv.chaos.cluster.LabCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alternates quiet periods and faults on its own thread until {@link #stop()}: wait {@code quiet},
 * inject, hold for {@code hold}, heal, repeat. Every injection and heal is logged with its time
 * relative to the run's origin, for the report and for reading a failing history.
 */
public final class NemesisSchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NemesisSchedule.class);

  /** One logged nemesis event. */
  public record Event(long atNanos, String what) {}

  private final Nemesis nemesis;
  private final LabCluster cluster;
  private final RandomGenerator random;
  private final Duration quiet;
  private final Duration hold;
  private final long originNanos;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile RuntimeException failure;

  public NemesisSchedule(Nemesis nemesis, LabCluster cluster, RandomGenerator random, Duration quiet, Duration hold,
      long originNanos) {
    this.nemesis = nemesis;
    this.cluster = cluster;
    this.random = random;
    this.quiet = quiet;
    this.hold = hold;
    this.originNanos = originNanos;
    this.thread = new Thread(this::run, "nemesis-" + nemesis.name());
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      while (!waitOrStop(quiet)) {
        String what = nemesis.inject(cluster, random);
        log(what);
        boolean stopping = waitOrStop(hold);
        nemesis.heal(cluster);
        log("heal");
        if (stopping) {
          return;
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("nemesis {} failed", nemesis.name(), e);
      nemesis.heal(cluster);
    }
  }

  /** Waits {@code d}; true if {@link #stop()} was called meanwhile. */
  private boolean waitOrStop(Duration d) {
    try {
      return stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void log(String what) {
    events.add(new Event(System.nanoTime(), what));
    LOG.info("nemesis {} at {} ms: {}", nemesis.name(), (System.nanoTime() - originNanos) / 1_000_000, what);
  }

  /** Ends the schedule, healing a fault in progress; returns once the nemesis thread is done. */
  public void stop() {
    stopped.countDown();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw new IllegalStateException("nemesis " + nemesis.name() + " failed", failure);
    }
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  /** How many faults were injected. */
  public long injections() {
    return events.stream().filter(e -> !e.what().equals("heal")).count();
  }

  /** Membership changes the nemesis completed. */
  public long membershipChanges() {
    return nemesis.membershipChanges();
  }

  @Override
  public void close() {
    stop();
  }
}
