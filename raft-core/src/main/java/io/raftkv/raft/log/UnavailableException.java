package io.raftkv.raft.log;

/** The requested index lies beyond the storage's last index. */
public final class UnavailableException extends RuntimeException {
  public UnavailableException(long index, long lastIndex) {
    super("index " + index + " is unavailable; last index is " + lastIndex, null, false, false);
  }
}
