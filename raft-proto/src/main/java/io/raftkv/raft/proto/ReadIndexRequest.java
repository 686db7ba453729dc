package io.raftkv.raft.proto;

/**
 * A follower forwards a linearizable read to the leader (thesis §6.4): the leader answers with its commit
 * index once it has confirmed it is still leader.
 *
 * @param requestId the follower's id for the read, echoed in the response
 */
public record ReadIndexRequest(String from, String to, long term, long requestId) implements Message {}
