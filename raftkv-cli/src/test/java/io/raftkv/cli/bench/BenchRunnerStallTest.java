package io.raftkv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's latency accounting when the system stalls. A real server cannot be paused on cue, so this
 * drives {@link BenchRunner} with a target whose every request completes only after a fixed stall: the
 * open loop must charge each request the time since it was due (coordinated omission, Tene), while the
 * closed loop by construction sends only one request per slot during the stall.
 */
class BenchRunnerStallTest {

  private static final long STALL_MILLIS = 400;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  /**
   * Completes every request only once STALL_MILLIS have passed since the first one, like a server that
   * freezes while the requests queue up, then answers them all.
   */
  private final class StalledTarget implements BenchTarget {
    private final AtomicLong stallUntil = new AtomicLong();

    @Override
    public CompletableFuture<Outcome> put(String key, byte[] value) {
      CompletableFuture<Outcome> f = new CompletableFuture<>();
      stallUntil.compareAndSet(0, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS));
      long delay = Math.max(0, stallUntil.get() - System.nanoTime());
      timer.schedule(() -> f.complete(Outcome.OK), delay, TimeUnit.NANOSECONDS);
      return f;
    }

    @Override
    public CompletableFuture<Outcome> get(String key, boolean serializable) {
      return put(key, null);
    }

    @Override
    public CompletableFuture<Outcome> cas(String key, byte[] value) {
      return put(key, value);
    }

    @Override
    public void close() {
    }
  }

  private BenchReport run(double rate, long total) throws InterruptedException {
    BenchConfig config = new BenchConfig(TargetKind.RAFTKV, List.of("http://127.0.0.1:1"), Workload.PUT, 0, false,
        1, 1, 1, false, 8, 10, null, total, rate, Duration.ofSeconds(5));
    return new BenchRunner(config, List.of(new StalledTarget()), new PrintWriter(new StringWriter())).run();
  }

  @Test
  void openLoopChargesTheStallToEveryRequestDueDuringIt() throws InterruptedException {
    // 200 requests at 1000/s are all due within the 400 ms stall: the one due at t=0 waits 400 ms, the one
    // due at t=199 ms waits about 200 ms, so the median waits about 300 ms.
    BenchReport report = run(1000, 200);
    assertThat(report.ops()).isEqualTo(200);
    assertThat(report.latency().p50()).isGreaterThan(250);
    assertThat(report.latency().max()).isGreaterThanOrEqualTo(STALL_MILLIS - 5);
  }

  @Test
  void closedLoopSeesTheStallOnlyOncePerSlot() throws InterruptedException {
    // One slot: the first request waits for the stall, the other 199 complete at once.
    BenchReport report = run(0, 200);
    assertThat(report.ops()).isEqualTo(200);
    assertThat(report.latency().max()).isGreaterThanOrEqualTo(STALL_MILLIS - 5);
    assertThat(report.latency().p50()).isLessThan(50);
  }
}
