package io.raftkv.chaos.check;

import io.raftkv.chaos.history.History;
import io.raftkv.chaos.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Entry point: checks a {@link History} against a {@link Model}.
 *
 * <p>The history is split into the model's partitions (P-compositionality, the locality
 * property of Herlihy &amp; Wing 1990: a history of independent objects is linearizable iff each
 * object's subhistory is), each partition's UNKNOWN operations are resolved
 * ({@link UnknownResolution}), and each partition is searched by {@link WglSearch} within the
 * {@link CheckOptions} budget. A partition that runs out of budget is UNKNOWN, never a guess. If
 * a model invariant is violated (e.g. the bank total), the verdict is NOT_LINEARIZABLE and the
 * search is skipped.
 *
 * <p>Thread-safe and stateless between calls.
 */
public final class LinearizabilityChecker {

  private final Model model;
  private final CheckOptions options;

  public LinearizabilityChecker(Model model, CheckOptions options) {
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
  }

  public LinearizabilityChecker(Model model) {
    this(model, CheckOptions.defaults());
  }

  /**
   * Checks every operation of {@code history}.
   *
   * @throws IllegalArgumentException if the history holds an operation the model does not know
   */
  public CheckResult check(History history) {
    long start = System.nanoTime();
    long totalDeadline = start + options.totalTimeLimit().toNanos();
    Map<String, List<Operation>> partitions = new TreeMap<>();
    for (Operation op : history.operations()) {
      String partition;
      try {
        partition = model.partitionOf(op.call());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("operation #" + op.id() + ": " + e.getMessage(), e);
      }
      partitions.computeIfAbsent(partition, p -> new ArrayList<>()).add(op);
    }
    List<String> invariants = model.invariantViolations(history.operations());
    List<PartitionResult> results = new ArrayList<>(partitions.size());
    // A violated invariant already decides the verdict and names the operation; proving the same
    // by exhausting the search can take the whole budget (every order must be refuted).
    if (invariants.isEmpty()) {
      for (Map.Entry<String, List<Operation>> e : partitions.entrySet()) {
        results.add(checkPartition(e.getKey(), e.getValue(), totalDeadline));
      }
    }
    return new CheckResult(model.name(), CheckResult.combine(invariants, results), invariants,
        results, Duration.ofNanos(System.nanoTime() - start));
  }

  private PartitionResult checkPartition(String partition, List<Operation> ops, long totalDeadline) {
    long start = System.nanoTime();
    long partitionDeadline = start + options.partitionTimeLimit().toNanos();
    long deadline = partitionDeadline - totalDeadline < 0 ? partitionDeadline : totalDeadline;
    return run(partition, ops, model.specFor(partition, ops), deadline, start);
  }

  private <S> PartitionResult run(String partition, List<Operation> ops, Spec<S> spec,
      long deadline, long start) {
    UnknownResolution.Prepared prepared = UnknownResolution.prepare(spec, ops);
    WglSearch.Outcome outcome = new WglSearch<>(partition, model.name(), spec, prepared.ops(),
        deadline, options.maxStatesPerPartition(), options.reportPrefixTail()).run();
    return new PartitionResult(partition, outcome.verdict(), ops.size(), prepared.ops().size(),
        prepared.pruned(), prepared.promoted(), outcome.states(),
        Duration.ofNanos(System.nanoTime() - start), outcome.violation(), outcome.unknownReason(),
        outcome.linearization());
  }
}
