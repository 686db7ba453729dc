package io.raftkv.raft;

/**
 * A confirmed linearizable read (thesis §6.4): the read identified by {@code requestId} may be served from
 * the local state machine once it has applied every entry up to {@code index}.
 */
public record ReadState(long requestId, long index) {}
