package io.raftkv.raft;

/**
 * The leader's view of one member's replication progress (§5.3: matchIndex and nextIndex).
 *
 * @param state {@code probe}, {@code replicate} or {@code snapshot}
 * @param recentActive whether the member was heard from within the last election timeout
 */
public record PeerStatus(
    String id, boolean voter, long matchIndex, long nextIndex, String state, boolean recentActive) {}
