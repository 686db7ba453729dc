package io.raftkv.raft.proto;

/**
 * A leader's heartbeat (§5.2): an AppendEntries with no entries and no log-consistency check, as in
 * etcd. {@code leaderCommit} is min(follower's matchIndex, commitIndex) so a follower never learns a
 * commit index beyond what it is known to hold.
 *
 * @param readContext 0, or the leader's read round whose acknowledgement confirms leadership for
 *     ReadIndex (thesis §6.4)
 */
public record Heartbeat(String from, String to, long term, long leaderCommit, long readContext)
    implements Message {}
