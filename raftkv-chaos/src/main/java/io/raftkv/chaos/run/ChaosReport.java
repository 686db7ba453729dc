package io.raftkv.chaos.run;

import io.raftkv.chaos.check.WatchCheckResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The markdown report of every run in this JVM, rewritten after each run so a run killed halfway
 * still leaves the rows it finished: {@code raftkv-chaos/target/chaos-report.md}.
 */
public final class ChaosReport {

  private static final List<RunResult> RESULTS = new ArrayList<>();

  private ChaosReport() {}

  /** Adds {@code result} and rewrites {@code file}. */
  public static synchronized void add(RunResult result, Path file) {
    RESULTS.add(result);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, render(RESULTS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table for {@code results}. */
  public static String render(List<RunResult> results) {
    StringBuilder b = new StringBuilder("# RaftKV chaos report\n\n");
    b.append("| nemesis | nodes | workload | seed | faults | operations | ok / fail / unknown | availability "
        + "| longest no-write window | p50 | p99 | linearizable | acked writes lost | leader back after heal | membership changes |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : results) {
      HistoryStats s = r.stats();
      b.append(String.format(Locale.ROOT,
          "| %s | %d | %s | %d | %d | %d | %d / %d / %d | %.1f%% | %.1f s | %.1f ms | %.1f ms | %s | %s | %s | %d |%n",
          nemesisLabel(r.config()), r.config().nodes(), r.config().workload(), r.config().seed(), r.injections(),
          s.operations(), s.ok(), s.fail(), s.unknown(), 100 * s.availability(), s.longestNoWriteMillis() / 1000.0,
          s.p50Millis(), s.p99Millis(), verdict(r), r.lostWrites().isEmpty() ? "0" : r.lostWrites().size() + " (!)",
          r.leaderBackMillis() < 0 ? "never" : r.leaderBackMillis() + " ms", r.membershipChanges()));
    }
    List<RunResult> watched = results.stream().filter(r -> r.watch().ran()).toList();
    if (!watched.isEmpty()) {
      b.append("\n## Watch\n\n| nemesis | nodes | seed | faults | watchers | committed revisions | events checked "
          + "| reconnects | violations | linearizable |\n|---|---|---|---|---|---|---|---|---|---|\n");
      for (RunResult r : watched) {
        WatchCheckResult w = r.watch();
        b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s |%n", r.config().nemesis(),
            r.config().nodes(), r.config().seed(), r.injections(), w.watchers(), w.referenceRevisions(),
            w.eventsChecked(), w.reconnects(), w.violations().isEmpty() ? "0" : w.violations().size() + " (!)",
            verdict(r)));
      }
    }
    List<RunResult> bad = results.stream().filter(r -> !r.clean()).toList();
    if (!bad.isEmpty()) {
      b.append("\n## Findings\n\n");
      for (RunResult r : bad) {
        b.append("```\n").append(r.explain()).append("\n```\n\n");
      }
    }
    return b.toString();
  }

  /** The nemesis, marked when the server ran with a deliberately unsafe test flag. */
  private static String nemesisLabel(RunConfig c) {
    return c.extraServerArgs().contains("--unsafe-local-reads")
        ? c.nemesis() + " with --unsafe-local-reads (must be caught)" : c.nemesis();
  }

  private static String verdict(RunResult r) {
    return switch (r.linearizable()) {
      case "LINEARIZABLE" -> "yes";
      case "NOT_LINEARIZABLE" -> "**no**";
      default -> "unknown (budget)";
    };
  }
}
