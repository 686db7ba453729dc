package io.raftkv.raft.log;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams a state machine's snapshot data into storage ({@link WritableStorage#stageSnapshot}), so a
 * snapshot never has to exist as one array: the data goes from the state machine to its destination
 * (a file for durable storage) in pieces.
 */
@FunctionalInterface
public interface SnapshotWriter {

  /** Writes the whole snapshot to {@code out}; must not close it. */
  void writeTo(OutputStream out) throws IOException;
}
