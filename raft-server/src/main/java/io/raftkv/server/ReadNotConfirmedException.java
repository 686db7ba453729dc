package io.raftkv.server;

/** A linearizable read could not be confirmed (no leader, or leadership lost); nothing was read. */
public final class ReadNotConfirmedException extends RuntimeException {
  public ReadNotConfirmedException() {
    super("read could not be confirmed by a quorum", null, false, false);
  }
}
