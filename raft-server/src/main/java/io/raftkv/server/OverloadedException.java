package io.raftkv.server;

/** The node refused work because a bounded queue is full; nothing was accepted. */
public final class OverloadedException extends RuntimeException {
  public OverloadedException(String message) {
    super(message, null, false, false);
  }
}
