package io.raftkv.cli.bench;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one bench: optional preload, then the measured run in closed or open loop, with a progress line each
 * second.
 *
 * <p>Closed loop: each client keeps {@link BenchConfig#slotsPerClient()} requests in flight; a slot sends its
 * next request when the previous one completes. Open loop ({@code rate > 0}): request i is due at
 * {@code start + i / rate}, whatever happened to earlier ones, and its latency is measured from that
 * intended time, so a server stall shows as latency instead of silently lowering the send rate (coordinated
 * omission). At most {@link #MAX_OUTSTANDING} requests are outstanding; beyond that the pacer waits, which
 * the intended-time latencies still account for.
 */
final class BenchRunner {

  static final int MAX_OUTSTANDING = 100_000;

  private final BenchConfig config;
  private final List<BenchTarget> targets;
  private final PrintWriter progress;
  private final BenchStats stats = new BenchStats();
  private final byte[] value;

  BenchRunner(BenchConfig config, List<BenchTarget> targets, PrintWriter progress) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets");
    }
    this.config = config;
    this.targets = List.copyOf(targets);
    this.progress = progress;
    this.value = new byte[config.valueSize()];
    new Random(42).nextBytes(value);
  }

  /**
   * Runs {@code config}'s workload for {@code length} over {@code targets} and discards the report: a fresh
   * JVM runs interpreted until the JIT compiled the hot paths, and the measured run should not pay for it.
   * Does nothing for a null {@code length}.
   */
  static void warmUp(BenchConfig config, Duration length, List<BenchTarget> targets) throws InterruptedException {
    if (length == null) {
      return;
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("--warmup must be positive, got " + length);
    }
    new BenchRunner(config.lasting(length), targets, new PrintWriter(Writer.nullWriter())).run();
  }

  BenchReport run() throws InterruptedException {
    if (config.workload().needsPreload()) {
      preload();
    }
    long start = System.nanoTime();
    ClientCost cost = ClientCost.start();
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-progress");
      t.setDaemon(true);
      return t;
    });
    AtomicLong lastReport = new AtomicLong(start);
    reporter.scheduleAtFixedRate(() -> printProgress(start, lastReport), 1, 1, TimeUnit.SECONDS);
    try {
      if (config.rate() > 0) {
        runOpenLoop(start);
      } else {
        runClosedLoop(start);
      }
    } finally {
      reporter.shutdownNow();
      reporter.awaitTermination(5, TimeUnit.SECONDS);
    }
    long end = System.nanoTime();
    BenchReport.Client client = cost.perOperation(stats.completed());
    stats.takeInterval();
    Histogram total = stats.cumulative();
    double seconds = (end - start) / 1e9;
    return new BenchReport(config.target().toString(), config.workload().toString(), config.rate() > 0,
        stats.completed(), stats.ok(), stats.misses(), stats.conflicts(), stats.errors(), stats.errorsByKind(),
        seconds, stats.completed() / Math.max(seconds, 1e-9), BenchReport.Latency.of(total), client);
  }

  private void runClosedLoop(long start) throws InterruptedException {
    long deadline = config.duration() == null ? Long.MAX_VALUE : start + config.duration().toNanos();
    AtomicLong issued = new AtomicLong();
    int slots = config.slotsPerClient();
    CountDownLatch done = new CountDownLatch(slots * targets.size());
    for (BenchTarget target : targets) {
      for (int s = 0; s < slots; s++) {
        issueNext(target, done, () -> config.total() > 0
            ? issued.incrementAndGet() <= config.total()
            : System.nanoTime() < deadline);
      }
    }
    done.await();
  }

  /**
   * Sends requests on one slot until {@code mayIssue} says stop. Continues from the completion callback;
   * futures that are already complete are handled in the loop, so the stack never grows.
   */
  private void issueNext(BenchTarget target, CountDownLatch done, java.util.function.BooleanSupplier mayIssue) {
    while (mayIssue.getAsBoolean()) {
      long begin = System.nanoTime();
      CompletableFuture<BenchTarget.Outcome> f = operation(target);
      if (!f.isDone()) {
        f.whenComplete((outcome, error) -> {
          record(outcome, error, System.nanoTime() - begin);
          issueNext(target, done, mayIssue);
        });
        return;
      }
      f.handle((outcome, error) -> {
        record(outcome, error, System.nanoTime() - begin);
        return null;
      });
    }
    done.countDown();
  }

  private void runOpenLoop(long start) throws InterruptedException {
    long deadline = config.duration() == null ? Long.MAX_VALUE : start + config.duration().toNanos();
    double periodNanos = 1e9 / config.rate();
    Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    for (long i = 0; config.total() <= 0 || i < config.total(); i++) {
      long intended = start + (long) (i * periodNanos);
      if (intended >= deadline) {
        break;
      }
      for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      outstanding.acquire();
      BenchTarget target = targets.get((int) (i % targets.size()));
      operation(target).whenComplete((outcome, error) -> {
        record(outcome, error, System.nanoTime() - intended);
        outstanding.release();
      });
    }
    outstanding.acquire(MAX_OUTSTANDING);
  }

  private CompletableFuture<BenchTarget.Outcome> operation(BenchTarget target) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = BenchConfig.key(random.nextInt(config.keys()));
    try {
      return switch (config.workload()) {
        case PUT -> target.put(key, value);
        case GET -> target.get(key, config.serializable());
        case MIXED -> random.nextDouble() < config.readRatio()
            ? target.get(key, config.serializable()) : target.put(key, value);
        case TXN -> target.cas(key, value);
      };
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void record(BenchTarget.Outcome outcome, Throwable error, long latencyNanos) {
    if (error != null) {
      stats.recordError(error);
    } else {
      stats.recordOutcome(outcome, latencyNanos);
    }
  }

  /** Writes every key once (not measured) so reads and CAS find them. */
  private void preload() throws InterruptedException {
    AtomicInteger nextKey = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    List<Throwable> firstFailure = new ArrayList<>(1);
    BenchTarget target = targets.get(0);
    int slots = Math.min(config.slotsPerClient(), config.keys());
    CountDownLatch done = new CountDownLatch(slots);
    for (int s = 0; s < slots; s++) {
      preloadNext(target, nextKey, failures, firstFailure, done);
    }
    done.await();
    if (failures.get() > 0) {
      throw new IllegalStateException("preload of " + config.keys() + " keys failed; first error: "
          + firstFailure.get(0).getMessage(), firstFailure.get(0));
    }
  }

  private void preloadNext(BenchTarget target, AtomicInteger nextKey, AtomicInteger failures,
      List<Throwable> firstFailure, CountDownLatch done) {
    int i = nextKey.getAndIncrement();
    if (i >= config.keys() || failures.get() > 0) {
      // After a failure the run is void anyway: stop instead of failing every remaining key slowly.
      done.countDown();
      return;
    }
    target.put(BenchConfig.key(i), value).whenComplete((outcome, error) -> {
      if (error != null && failures.getAndIncrement() == 0) {
        synchronized (firstFailure) {
          firstFailure.add(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        }
      }
      preloadNext(target, nextKey, failures, firstFailure, done);
    });
  }

  private void printProgress(long start, AtomicLong lastReport) {
    long now = System.nanoTime();
    Histogram interval = stats.takeInterval();
    double intervalSeconds = Math.max(1e-9, (now - lastReport.getAndSet(now)) / 1e9);
    Histogram cumulative = stats.cumulative();
    progress.println(String.format(Locale.ROOT, "[%4.0fs] %10.1f ops/s  errors %d  p99 so far %.3f ms",
        (now - start) / 1e9, interval.getTotalCount() / intervalSeconds, stats.errors(),
        cumulative.getValueAtPercentile(99) / 1000.0));
    progress.flush();
  }
}
