package io.raftkv.raft.quorum;

/** Gives the acknowledged index (or any monotonic counter) of a voter; 0 when unknown. */
@FunctionalInterface
public interface AckedIndexer {
  long acked(String id);
}
