package io.raftkv.raft.proto;

import java.util.List;

/**
 * AppendEntries RPC (§5.3): entries following {@code prevLogIndex}, whose term must match
 * {@code prevLogTerm} in the follower's log for the follower to accept them.
 */
public record AppendEntries(
    String from, String to, long term, long prevLogIndex, long prevLogTerm, List<Entry> entries, long leaderCommit)
    implements Message {

  public AppendEntries {
    entries = List.copyOf(entries);
  }
}
