package io.raftkv.chaos.check;

import io.raftkv.chaos.history.Operation;
import java.util.List;

/**
 * Where the search for one partition got stuck, at its deepest point: the longest linearizable
 * prefix it reached, the operation whose completion arrived before it could be placed, and the
 * not-yet-linearized operations invoked before that completion (the ones that could have gone
 * next, each with the reason it could not). This is the smallest window that shows the anomaly:
 * the prefix explains the state, the window shows that nothing fits.
 *
 * @param prefixLength operations in the longest linearizable prefix
 * @param partitionSize operations the search had to place (after dropping FAIL and pruning)
 * @param prefixTail the last operations of that prefix, in linearization order, with the state
 *     after each
 * @param state the model state at the end of the prefix
 * @param blocked the operation that completed without being placeable
 * @param blockedReason why it cannot take effect in {@code state}
 * @param concurrent the other candidates at that point (bounded), with reasons
 * @param concurrentOmitted candidates not listed because of the bound
 */
public record Violation(
    String partition,
    String model,
    int prefixLength,
    int partitionSize,
    List<PrefixStep> prefixTail,
    String state,
    Operation blocked,
    String blockedReason,
    List<Candidate> concurrent,
    int concurrentOmitted) {

  public Violation {
    prefixTail = List.copyOf(prefixTail);
    concurrent = List.copyOf(concurrent);
  }

  /** One linearized operation and the state it left. */
  public record PrefixStep(Operation op, String stateAfter) {}

  /** An operation that could have been placed next, and why it was not enough. */
  public record Candidate(Operation op, String reason) {}

  /** Multi-line human-readable report; times relative to {@code originNanos}. */
  public String render(long originNanos) {
    StringBuilder b = new StringBuilder();
    b.append(model).append(' ').append('"').append(partition).append("\" is not linearizable\n");
    b.append("  longest linearizable prefix: ").append(prefixLength).append(" of ")
        .append(partitionSize).append(" operations");
    if (prefixLength > prefixTail.size()) {
      b.append(" (last ").append(prefixTail.size()).append(" shown)");
    }
    b.append('\n');
    for (PrefixStep s : prefixTail) {
      b.append("    ").append(s.op().describe(originNanos)).append("   => ").append(s.stateAfter())
          .append('\n');
    }
    b.append("  state after the prefix: ").append(state).append('\n');
    b.append("  cannot place: ").append(blocked.describe(originNanos)).append('\n');
    b.append("    because ").append(blockedReason).append('\n');
    if (!concurrent.isEmpty()) {
      b.append("  other operations that could have gone next:\n");
      for (Candidate c : concurrent) {
        b.append("    ").append(c.op().describe(originNanos)).append('\n');
        b.append("      ").append(c.reason()).append('\n');
      }
    }
    if (concurrentOmitted > 0) {
      b.append("    ... and ").append(concurrentOmitted).append(" more\n");
    }
    return b.toString();
  }
}
