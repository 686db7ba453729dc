package io.raftkv.raft.confchange;

/** A membership change that cannot be applied to the current configuration. */
public final class InvalidConfChangeException extends RuntimeException {
  public InvalidConfChangeException(String message) {
    super(message, null, false, false);
  }
}
