package io.raftkv.raft.proto;

/**
 * RequestVote RPC (§5.2), also used for the thesis' pre-vote (§9.6).
 *
 * <p>A pre-vote request carries the term the sender WOULD campaign in ({@code currentTerm + 1}); the
 * receiver neither adopts that term nor records a vote.
 *
 * @param lastLogIndex index of the candidate's last log entry (§5.4)
 * @param lastLogTerm term of the candidate's last log entry (§5.4)
 * @param preVote true for a pre-vote request
 * @param leadershipTransfer true when sent because of TimeoutNow: receivers may grant it even while they
 *     still hear from a leader (thesis §3.10)
 */
public record RequestVote(
    String from,
    String to,
    long term,
    long lastLogIndex,
    long lastLogTerm,
    boolean preVote,
    boolean leadershipTransfer)
    implements Message {}
