package io.raftkv.chaos.check;

/** The answer of a check. */
public enum Verdict {
  /** A linearization exists (for every partition). */
  LINEARIZABLE,
  /** No linearization exists for at least one partition, or an invariant is violated. */
  NOT_LINEARIZABLE,
  /** The search budget ran out before an answer; nothing is claimed either way. */
  UNKNOWN
}
