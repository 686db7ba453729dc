package io.raftkv.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The runner's latency accounting when the system stalls. A real server cannot be paused on cue, so this
 * drives {@link BenchRunner} with a target that holds every request until the test releases them, like a
 * server that freezes while requests queue up and then answers them all.
 *
 * <p>No wall-clock bounds: every latency asserted below is a lower bound that follows from the schedule
 * itself (a request completes only after the release, which the test makes after a point in time it
 * observed), so a slow machine can only make the measured latencies larger.
 */
class BenchRunnerStallTest {

  /** Holds requests on {@link #release} until the test completes it; tracks how many were ever outstanding at once. */
  private static final class StalledTarget implements BenchTarget {
    final CompletableFuture<Void> release = new CompletableFuture<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger maxOutstanding = new AtomicInteger();

    @Override
    public CompletableFuture<Outcome> put(String key, byte[] value) {
      calls.incrementAndGet();
      maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
      return release.thenApply(v -> {
        outstanding.decrementAndGet();
        return Outcome.OK;
      });
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

  private static CompletableFuture<BenchReport> start(StalledTarget target, double rate, long total) {
    BenchConfig config = new BenchConfig(TargetKinds.RAFTKV, List.of("http://127.0.0.1:1"), Workload.PUT, 0, false,
        1, 1, 1, false, 8, 10, null, total, rate, Duration.ofSeconds(5));
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new BenchRunner(config, List.of(target), new PrintWriter(new StringWriter())).run();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void openLoopKeepsSendingThroughTheStallAndChargesEachRequestFromItsDueTime() throws Exception {
    // 200 requests at 1000/s: request i is due i ms after the start. All are held until the last was sent,
    // which was no earlier than 199 ms after the start, so request i waited at least (199 - i) ms from when
    // it was due: the max is >= 199 ms and the median >= ~99 ms. Measuring from the actual send instead
    // (coordinated omission) would report the late requests as fast.
    StalledTarget target = new StalledTarget();
    CompletableFuture<BenchReport> run = start(target, 1000, 200);
    await().atMost(Duration.ofMinutes(1)).until(() -> target.calls.get() == 200);
    target.release.complete(null);
    BenchReport report = run.get(1, TimeUnit.MINUTES);

    assertThat(report.openLoop()).isTrue();
    assertThat(report.ops()).isEqualTo(200);
    assertThat(report.ok()).isEqualTo(200);
    assertThat(report.latency().count()).isEqualTo(200);
    // The open loop did not wait for answers: every request was outstanding during the stall.
    assertThat(target.maxOutstanding.get()).isEqualTo(200);
    // HdrHistogram keeps 3 significant digits, hence the 1% slack.
    assertThat(report.latency().max()).isGreaterThanOrEqualTo(199 * 0.99);
    assertThat(report.latency().p50()).isGreaterThanOrEqualTo(99 * 0.99);
  }

  @Test
  void closedLoopSendsNothingMoreDuringTheStallAndRecordsItOnce() throws Exception {
    StalledTarget target = new StalledTarget();
    CompletableFuture<BenchReport> run = start(target, 0, 200);
    await().atMost(Duration.ofMinutes(1)).until(() -> target.calls.get() == 1);
    long sent = System.nanoTime();
    // Let the stall last a while; the one slot must send nothing else meanwhile.
    await().pollDelay(Duration.ofMillis(100)).until(() -> target.calls.get() == 1);
    double heldMillis = (System.nanoTime() - sent) / 1e6;
    target.release.complete(null);
    BenchReport report = run.get(1, TimeUnit.MINUTES);

    assertThat(report.openLoop()).isFalse();
    assertThat(report.ops()).isEqualTo(200);
    assertThat(target.calls.get()).isEqualTo(200);
    assertThat(target.maxOutstanding.get()).isEqualTo(1);
    // The stalled request was sent before `sent` was read and answered after the release.
    assertThat(report.latency().max()).isGreaterThanOrEqualTo(heldMillis * 0.99);
  }
}
