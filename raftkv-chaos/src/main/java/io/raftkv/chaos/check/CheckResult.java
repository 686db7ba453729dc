package io.raftkv.chaos.check;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of checking a whole history against one model.
 *
 * <p>Verdict rule: NOT_LINEARIZABLE if any invariant is violated or any partition is; otherwise
 * UNKNOWN if any partition ran out of budget; otherwise LINEARIZABLE.
 *
 * @param invariantViolations whole-history invariant failures (e.g. bank total), one per line
 * @param partitions per-partition results, in partition-name order; empty when an invariant is
 *     violated (the search is skipped)
 */
public record CheckResult(
    String model,
    Verdict verdict,
    List<String> invariantViolations,
    List<PartitionResult> partitions,
    Duration elapsed) {

  public CheckResult {
    invariantViolations = List.copyOf(invariantViolations);
    partitions = List.copyOf(partitions);
  }

  static Verdict combine(List<String> invariantViolations, List<PartitionResult> partitions) {
    if (!invariantViolations.isEmpty()
        || partitions.stream().anyMatch(p -> p.verdict() == Verdict.NOT_LINEARIZABLE)) {
      return Verdict.NOT_LINEARIZABLE;
    }
    if (partitions.stream().anyMatch(p -> p.verdict() == Verdict.UNKNOWN)) {
      return Verdict.UNKNOWN;
    }
    return Verdict.LINEARIZABLE;
  }

  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  /** The violations found, one per non-linearizable partition. */
  public List<Violation> violations() {
    return partitions.stream()
        .filter(p -> p.violation() != null)
        .map(PartitionResult::violation)
        .toList();
  }

  /**
   * Human-readable report: the verdict, invariant failures, every violation in full, and a
   * one-line summary per partition that is not linearizable or unknown (all partitions if
   * {@code allPartitions}).
   */
  public String render(long originNanos, boolean allPartitions) {
    StringBuilder b = new StringBuilder();
    b.append(model).append(" check: ").append(verdict == Verdict.UNKNOWN
        ? "UNKNOWN (budget exceeded)" : verdict.toString())
        .append(" - ").append(partitions.size()).append(" partitions in ")
        .append(elapsed.toMillis()).append(" ms\n");
    for (String v : invariantViolations) {
      b.append("invariant violated: ").append(v).append('\n');
    }
    if (!invariantViolations.isEmpty()) {
      b.append("(linearizability search skipped: the invariants already refute it)\n");
    }
    for (PartitionResult p : partitions) {
      if (allPartitions || p.verdict() != Verdict.LINEARIZABLE) {
        b.append("  ").append(p.summary()).append('\n');
      }
    }
    for (Violation v : violations()) {
      b.append(v.render(originNanos));
    }
    return b.toString();
  }
}
