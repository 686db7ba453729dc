package io.raftkv.raft;

/**
 * Volatile state that callers may want to observe but need not persist.
 *
 * @param leaderId the leader this node knows of in its current term, or {@code null}
 */
public record SoftState(String leaderId, StateRole role) {}
