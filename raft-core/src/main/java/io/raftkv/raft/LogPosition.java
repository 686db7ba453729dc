package io.raftkv.raft;

/** The index and term of one log entry (for observers; see {@link RaftNode#logTail(int)}). */
public record LogPosition(long index, long term) {}
