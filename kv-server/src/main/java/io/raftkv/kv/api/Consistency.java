package io.raftkv.kv.api;

/** How fresh a read must be. */
public enum Consistency {
  /**
   * The read reflects every write committed before it started (thesis §6.4: the node confirms its
   * leadership with a quorum and waits until it has applied up to the read index). The default.
   */
  LINEARIZABLE,
  /** The read is served from this node's applied state, which may lag the cluster; no round trip. */
  SERIALIZABLE
}
