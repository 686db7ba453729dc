package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Call;
import io.raftkv.chaos.history.Operation;
import java.util.List;

/**
 * A data type the checker knows: how a history splits into independent partitions
 * (P-compositionality: a history is linearizable iff each partition is, when the partitions are
 * separate objects), and the sequential {@link Spec} of one partition.
 */
public interface Model {

  /** Short name for reports, e.g. "register". */
  String name();

  /**
   * The partition {@code call} belongs to (its key, its set, or one constant for the bank).
   *
   * @throws IllegalArgumentException if this model does not understand the call
   */
  String partitionOf(Call call);

  /** The specification for one partition, given all of its (non-FAIL) operations. */
  Spec<?> specFor(String partition, List<Operation> operations);

  /**
   * Cheap whole-history invariants that must hold for any linearizable history (e.g. the bank
   * total); each violated invariant is one human-readable line. Checked without a budget.
   */
  default List<String> invariantViolations(List<Operation> operations) {
    return List.of();
  }
}
