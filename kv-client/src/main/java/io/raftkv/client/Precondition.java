package io.raftkv.client;

/**
 * A condition on a key checked atomically by the server before a write (HTTP If-Match / If-None-Match).
 */
public sealed interface Precondition {

  /** No condition. */
  Precondition NONE = new None();

  static Precondition none() {
    return NONE;
  }

  /** The key must exist with exactly this modRevision (compare-and-set). */
  static Precondition ifMatch(long modRevision) {
    return new IfMatch(modRevision);
  }

  /** The key must not exist (create-only). */
  static Precondition ifAbsent() {
    return new IfAbsent();
  }

  /** See {@link #none()}. */
  record None() implements Precondition {
  }

  /** See {@link #ifMatch(long)}. */
  record IfMatch(long modRevision) implements Precondition {
    public IfMatch {
      if (modRevision < 1) {
        throw new IllegalArgumentException("modRevision must be >= 1: " + modRevision);
      }
    }
  }

  /** See {@link #ifAbsent()}. */
  record IfAbsent() implements Precondition {
  }
}
