package io.raftkv.kv;

/**
 * A condition on a single key's current state that a {@link KvCommand.Put} or {@link KvCommand.Delete}
 * must meet to take effect: HTTP's {@code If-Match} and {@code If-None-Match: *}.
 */
public sealed interface Precondition {

  /** No condition: the write always applies. */
  Precondition NONE = new None();

  static Precondition none() {
    return NONE;
  }

  /** Applies only when the key exists and its modRevision is {@code modRevision} ({@code If-Match}). */
  static Precondition ifMatchModRevision(long modRevision) {
    return new IfMatchModRevision(modRevision);
  }

  /** Applies only when the key does not exist ({@code If-None-Match: *}, create-only). */
  static Precondition ifAbsent() {
    return IfAbsent.INSTANCE;
  }

  /** Whether a key whose current state is {@code current} (null when absent) meets this condition. */
  boolean test(StoredValue current);

  /** See {@link #none()}. */
  record None() implements Precondition {
    @Override
    public boolean test(StoredValue current) {
      return true;
    }
  }

  /** See {@link #ifMatchModRevision(long)}. */
  record IfMatchModRevision(long modRevision) implements Precondition {
    @Override
    public boolean test(StoredValue current) {
      return current != null && current.modRevision() == modRevision;
    }
  }

  /** See {@link #ifAbsent()}. */
  record IfAbsent() implements Precondition {
    static final IfAbsent INSTANCE = new IfAbsent();

    @Override
    public boolean test(StoredValue current) {
      return current == null;
    }
  }
}
