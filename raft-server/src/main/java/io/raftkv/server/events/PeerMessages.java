package io.raftkv.server.events;

/** Raft messages this node sent to and received from one peer since it started (counters only grow). */
public record PeerMessages(long sent, long received) {}
