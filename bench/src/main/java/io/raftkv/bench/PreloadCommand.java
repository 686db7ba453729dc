package io.raftkv.bench;

import io.raftkv.cli.bench.BenchConfig;
import io.raftkv.cli.bench.BenchTarget;
import io.raftkv.cli.bench.TargetKind;
import io.raftkv.cli.bench.TargetKinds;
import io.raftkv.cli.bench.Workload;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code load}: writes keys 0..N-1 (the bench's key names) once each with {@code --inflight} puts in flight,
 * for memory measurements after a known data set. Unlike the bench preload, a failed put is tried again (up
 * to {@code --attempts} times): rewriting the same value to the same key leaves the same data, so the retry
 * is harmless here, and one write caught in a leader change must not void a memory measurement. Failures
 * are reported; exit 0 only when every key was written, 3 otherwise.
 */
@Command(name = "load", sortOptions = false, mixinStandardHelpOptions = true,
    description = "Write keys 0..N-1 once each (a known data set), retrying failed puts.")
final class PreloadCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--target", defaultValue = "raftkv", converter = TargetKindConverter.class,
      description = "raftkv or etcd.")
  TargetKind target;

  @Option(names = "--endpoints", split = ",", paramLabel = "URL", description = "Client endpoints.")
  List<String> endpoints;

  @Option(names = "--keys", defaultValue = "100000", description = "Keys to write (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--value-size", defaultValue = "256", description = "Value bytes (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--inflight", defaultValue = "64", description = "Puts in flight (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(names = "--attempts", defaultValue = "3", description = "Attempts per key (default: ${DEFAULT-VALUE}).")
  int attempts;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    BenchConfig config = new BenchConfig(target, endpoints == null ? target.defaultEndpoints() : endpoints,
        Workload.PUT, 0, false, 1, 1, inflight, false, valueSize, keys, null, keys, 0, Duration.ofSeconds(5));
    byte[] value = new byte[valueSize];
    new Random(42).nextBytes(value);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> lastError = new AtomicReference<>();
    long start = System.nanoTime();
    try (BenchTarget t = target.factory().create(config, TargetKinds.newRevisionCache())) {
      CountDownLatch done = new CountDownLatch(inflight);
      for (int s = 0; s < inflight; s++) {
        writeNext(t, value, next, retries, failed, lastError, done);
      }
      done.await();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "load %s keys=%d seconds=%.1f retries=%d failed=%d%s%n", target, keys, seconds,
        retries.get(), failed.get(), lastError.get() == null ? "" : " last_error=" + lastError.get());
    out.flush();
    return failed.get() == 0 ? 0 : 3;
  }

  private void writeNext(BenchTarget t, byte[] value, AtomicInteger next, AtomicInteger retries,
      AtomicInteger failed, AtomicReference<Throwable> lastError, CountDownLatch done) {
    int i = next.getAndIncrement();
    if (i >= keys) {
      done.countDown();
      return;
    }
    write(t, i, 1, value, next, retries, failed, lastError, done);
  }

  private void write(BenchTarget t, int i, int attempt, byte[] value, AtomicInteger next, AtomicInteger retries,
      AtomicInteger failed, AtomicReference<Throwable> lastError, CountDownLatch done) {
    // Async: a put that fails synchronously (dead connection) must not recurse through all remaining keys.
    t.put(BenchConfig.key(i), value).whenCompleteAsync((outcome, error) -> {
      if (error == null) {
        writeNext(t, value, next, retries, failed, lastError, done);
      } else if (attempt < attempts) {
        retries.incrementAndGet();
        lastError.set(error);
        write(t, i, attempt + 1, value, next, retries, failed, lastError, done);
      } else {
        failed.incrementAndGet();
        lastError.set(error);
        writeNext(t, value, next, retries, failed, lastError, done);
      }
    });
  }
}
