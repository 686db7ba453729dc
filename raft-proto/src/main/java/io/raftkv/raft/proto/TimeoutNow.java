package io.raftkv.raft.proto;

/** Leadership transfer (thesis §3.10): tells a caught-up follower to start an election at once. */
public record TimeoutNow(String from, String to, long term) implements Message {}
