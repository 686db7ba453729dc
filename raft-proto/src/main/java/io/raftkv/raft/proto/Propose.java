package io.raftkv.raft.proto;

import java.util.List;

/**
 * A follower forwards client proposals to the leader. Entries carry only type and data; the leader
 * assigns term and index. Forwarding is fire-and-forget: the proposer learns the outcome by applying.
 */
public record Propose(String from, String to, long term, List<Entry> entries) implements Message {

  public Propose {
    entries = List.copyOf(entries);
  }
}
