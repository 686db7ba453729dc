package io.raftkv.api;

/**
 * A condition on one key's current state that a put or delete must meet to take effect: HTTP's
 * {@code If-Match: "<modRevision>"} and {@code If-None-Match: *}. The client turns it into headers, the
 * server parses the headers back into it, and the state machine checks it atomically when it applies the
 * write (a log entry carries it, so it is part of kv-store's log format).
 */
public sealed interface Precondition {

  /** No condition: the write always applies. */
  Precondition NONE = new None();

  static Precondition none() {
    return NONE;
  }

  /** Applies only when the key exists and its modRevision is {@code modRevision} (compare-and-set). */
  static Precondition ifMatch(long modRevision) {
    return new IfMatch(modRevision);
  }

  /** Applies only when the key does not exist (create-only). */
  static Precondition ifAbsent() {
    return IfAbsent.INSTANCE;
  }

  /** See {@link #none()}. */
  record None() implements Precondition {}

  /**
   * See {@link #ifMatch(long)}. Any number is accepted: no key has a modRevision below 1, so such a
   * condition simply fails, and log entries written with one must still decode.
   */
  record IfMatch(long modRevision) implements Precondition {}

  /** See {@link #ifAbsent()}. */
  record IfAbsent() implements Precondition {
    static final IfAbsent INSTANCE = new IfAbsent();
  }
}
