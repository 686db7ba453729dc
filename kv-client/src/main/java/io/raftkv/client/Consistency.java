package io.raftkv.client;

/** Read consistency of a GET (Raft thesis §6.4). */
public enum Consistency {
  /** Confirmed with a quorum (ReadIndex) before answering: sees every write acknowledged before the read. */
  LINEARIZABLE,
  /** Served from the answering node's applied state: may be stale, but never sees uncommitted data. */
  SERIALIZABLE
}
