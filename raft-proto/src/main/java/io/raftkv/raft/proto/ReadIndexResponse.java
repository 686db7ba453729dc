package io.raftkv.raft.proto;

/**
 * The leader's answer to {@link ReadIndexRequest}: the read may be served once the follower has applied
 * up to {@code readIndex}. {@code rejected} means the leader could not confirm its leadership.
 */
public record ReadIndexResponse(String from, String to, long term, long requestId, long readIndex, boolean rejected)
    implements Message {}
