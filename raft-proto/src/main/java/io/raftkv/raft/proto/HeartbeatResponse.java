package io.raftkv.raft.proto;

/** Reply to {@link Heartbeat}, echoing its read context. */
public record HeartbeatResponse(String from, String to, long term, long readContext) implements Message {}
