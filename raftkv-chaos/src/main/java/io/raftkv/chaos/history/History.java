package io.raftkv.chaos.history;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A complete record of one run: every operation every client issued, plus free-form attributes
 * describing the run (workload, seed, nemesis schedule...). Immutable.
 *
 * <p>Invariant: operation ids are unique. Operations are kept in the order given (the recorder
 * gives invocation order); the checker does not depend on it.
 */
public record History(Map<String, String> attributes, List<Operation> operations) {

  public History {
    attributes = attributes == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    operations = List.copyOf(Objects.requireNonNull(operations, "operations"));
    Set<Long> ids = new HashSet<>();
    for (Operation op : operations) {
      if (!ids.add(op.id())) {
        throw new IllegalArgumentException("duplicate operation id " + op.id());
      }
    }
  }

  public History(List<Operation> operations) {
    this(Map.of(), operations);
  }

  /** The earliest invocation time, used as time zero in reports (0 for an empty history). */
  public long originNanos() {
    return operations.stream().mapToLong(Operation::invokeNanos).min().orElse(0L);
  }

  /** A copy with one more attribute. */
  public History withAttribute(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(attributes);
    copy.put(name, value);
    return new History(copy, operations);
  }
}
