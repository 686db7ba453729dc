package io.raftkv.raft.log;

/** The snapshot asked for is no longer the current one (a newer snapshot replaced it). */
public final class SnapshotUnavailableException extends RuntimeException {
  public SnapshotUnavailableException(long index) {
    super("snapshot at index " + index + " is no longer available", null, false, false);
  }
}
