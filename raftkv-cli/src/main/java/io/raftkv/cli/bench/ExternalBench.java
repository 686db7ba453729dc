package io.raftkv.cli.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The public door into the load tool for other tools (the bench module's etcd comparison):
 * {@link BenchRunner}, {@link TargetKind#create} and {@link RaftKvTarget} stay package-private, and this
 * facade hands them out unchanged. It adds no behaviour: a run driven through here is the same closed/open loop, preload and statistics as
 * {@code raftkv bench}.
 */
public final class ExternalBench {

  private ExternalBench() {
  }

  /** A fresh RaftKV target, exactly as {@code raftkv bench --target raftkv} creates it. */
  public static BenchTarget raftKvTarget(BenchConfig config, Map<String, Long> knownRevisions) {
    return TargetKind.RAFTKV.create(config, knownRevisions);
  }

  /** The revision cache shared by the targets of one run (see {@link TargetKind#create}). */
  public static Map<String, Long> newRevisionCache() {
    return TargetKind.newRevisionCache();
  }

  /**
   * Runs one bench over {@code targets} and names the report after {@code targetName} ({@link BenchRunner}
   * names it after {@link BenchConfig#target()}, which only knows RaftKV).
   */
  public static BenchReport run(BenchConfig config, List<BenchTarget> targets, PrintWriter progress,
      String targetName) throws InterruptedException {
    BenchReport r = new BenchRunner(config, targets, progress).run();
    return new BenchReport(targetName, r.workload(), r.openLoop(), r.ops(), r.ok(), r.misses(), r.conflicts(),
        r.errors(), r.errorsByKind(), r.seconds(), r.throughput(), r.latency());
  }

  /**
   * Runs {@code config}'s workload for {@code length} over {@code targets} and discards the report: a fresh
   * JVM runs interpreted until the JIT compiled the hot paths, and the measured run should not pay for it.
   * Does nothing for a null {@code length}.
   */
  public static void warmUp(BenchConfig config, Duration length, List<BenchTarget> targets)
      throws InterruptedException {
    if (length == null) {
      return;
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("--warmup must be positive, got " + length);
    }
    new BenchRunner(config.lasting(length), targets, new PrintWriter(java.io.Writer.nullWriter())).run();
  }

  /** The key the runner uses for index {@code i}, so other tools can address the same keys. */
  public static String key(int i) {
    return BenchConfig.key(i);
  }
}
