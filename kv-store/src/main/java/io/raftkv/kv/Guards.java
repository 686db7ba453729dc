package io.raftkv.kv;

import io.raftkv.api.Compare;
import io.raftkv.api.Precondition;
import java.util.Arrays;

/**
 * Evaluates the API's conditions against a key's stored state: a write's {@link Precondition} and a
 * transaction's {@link Compare}s. The records live in kv-api because clients build them; what they mean
 * against the store is decided only here, on the applier thread, so every replica decides the same.
 *
 * <p>Absent keys follow etcd: their version and revisions are 0, and any comparison of an absent key's value
 * is false (so {@code VALUE NOT_EQUAL x} is false for an absent key). Values compare as unsigned bytes.
 */
final class Guards {

  private Guards() {}

  /** Whether a key whose current state is {@code current} (null when absent) meets {@code p}. */
  static boolean holds(Precondition p, StoredValue current) {
    if (p instanceof Precondition.IfMatch m) {
      return current != null && current.modRevision() == m.modRevision();
    } else if (p instanceof Precondition.IfAbsent) {
      return current == null;
    }
    return true;
  }

  /** Whether {@code c} holds for the key's current state ({@code null} when absent). */
  static boolean holds(Compare c, StoredValue current) {
    int cmp;
    if (c.target() == Compare.Target.VALUE) {
      if (current == null) {
        return false;
      }
      cmp = Arrays.compareUnsigned(current.value(), c.value());
    } else {
      long actual = current == null ? 0 : switch (c.target()) {
        case VERSION -> current.version();
        case CREATE_REVISION -> current.createRevision();
        case MOD_REVISION -> current.modRevision();
        case VALUE -> throw new AssertionError();
      };
      cmp = Long.compare(actual, c.number());
    }
    return switch (c.result()) {
      case EQUAL -> cmp == 0;
      case NOT_EQUAL -> cmp != 0;
      case GREATER -> cmp > 0;
      case LESS -> cmp < 0;
    };
  }
}
