package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Operation;
import java.time.Duration;
import java.util.List;

/**
 * The outcome for one partition.
 *
 * @param operations operations in the partition as recorded
 * @param searched operations the search had to consider (after dropping FAIL/UNKNOWN reads and
 *     pruning unobserved UNKNOWN writes)
 * @param pruned UNKNOWN operations dropped because nothing observed their effect
 * @param promoted UNKNOWN operations made required because an OK operation observed their effect
 *     (only for specs that do not defer UNKNOWN effects to observers; 0 for the built-in models)
 * @param states memoized (linearized set, state) pairs the search visited
 * @param violation set iff the verdict is NOT_LINEARIZABLE
 * @param unknownReason set iff the verdict is UNKNOWN
 * @param linearization a witness order (required and included UNKNOWN operations) iff the verdict
 *     is LINEARIZABLE
 */
public record PartitionResult(
    String partition,
    Verdict verdict,
    int operations,
    int searched,
    int pruned,
    int promoted,
    long states,
    Duration elapsed,
    Violation violation,
    String unknownReason,
    List<Operation> linearization) {

  public PartitionResult {
    linearization = List.copyOf(linearization);
    if ((verdict == Verdict.NOT_LINEARIZABLE) != (violation != null)) {
      throw new IllegalArgumentException("a violation is reported iff the verdict is NOT_LINEARIZABLE");
    }
  }

  /** One line: verdict, sizes, states and time. */
  public String summary() {
    return String.format(java.util.Locale.ROOT,
        "%s: %s (%d ops, %d searched, %d unknown pruned, %d unknown promoted, %d states, %d ms)%s",
        partition, verdict, operations, searched, pruned, promoted, states, elapsed.toMillis(),
        unknownReason == null ? "" : " - " + unknownReason);
  }
}
