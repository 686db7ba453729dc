package io.raftkv.api;

/** How fresh a read must be: {@code ?consistency=linearizable|serializable} (Raft thesis §6.4). */
public enum Consistency {
  /**
   * The read reflects every write committed before it started: the node confirms its leadership with a
   * quorum (ReadIndex) and waits until it has applied up to the read index. The default.
   */
  LINEARIZABLE,
  /** Served from the answering node's applied state: may be stale, but never sees uncommitted data. */
  SERIALIZABLE;

  /** The query parameter value. */
  public String wireName() {
    return this == LINEARIZABLE ? "linearizable" : "serializable";
  }
}
