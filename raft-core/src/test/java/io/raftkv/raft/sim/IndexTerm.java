package io.raftkv.raft.sim;

/** A log position identified as in the Log Matching property (§5.3): index and term. */
record IndexTerm(long index, long term) {}
