package io.raftkv.raft.proto;

/**
 * Reply to {@link AppendEntries}.
 *
 * <p>On success, {@code matchIndex} is the index of the last entry the follower now holds durably that
 * matches the leader's log. On rejection, {@code rejectedIndex} is the request's prevLogIndex, and the
 * conflict hint lets the leader skip a whole term at a time (§5.3, "fast back-off"): {@code conflictTerm}
 * is the follower's term at that index (0 when its log is shorter) and {@code conflictIndex} the first
 * index the follower holds with that term (or its lastIndex + 1 when shorter).
 */
public record AppendEntriesResponse(
    String from,
    String to,
    long term,
    boolean success,
    long matchIndex,
    long rejectedIndex,
    long conflictTerm,
    long conflictIndex)
    implements Message {}
