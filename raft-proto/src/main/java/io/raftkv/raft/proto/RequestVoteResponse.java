package io.raftkv.raft.proto;

/**
 * Reply to {@link RequestVote}. For a pre-vote, {@code term} echoes the request's term when granted, and
 * is the voter's own currentTerm when rejected.
 */
public record RequestVoteResponse(String from, String to, long term, boolean voteGranted, boolean preVote)
    implements Message {}
