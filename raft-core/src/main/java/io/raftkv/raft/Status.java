package io.raftkv.raft;

import io.raftkv.raft.proto.ConfState;
import java.util.Map;

/**
 * A snapshot of a node's state for monitoring.
 *
 * @param leaderId known leader or {@code null}
 * @param progress the leader's view of every member (empty when not leader)
 * @param leadTransferee the target of a leadership transfer in progress, or {@code null}
 * @param firstIndex the first index still in the log (entries below it are in the snapshot)
 * @param electionElapsed ticks since the election timer was last reset (at the leader: since its last
 *     CheckQuorum round)
 * @param electionTimeout the randomized election timeout in ticks the timer runs to, in [T, 2T) (§5.2)
 */
public record Status(
    String id,
    StateRole role,
    long currentTerm,
    String votedFor,
    long commitIndex,
    long lastApplied,
    long lastIndex,
    String leaderId,
    ConfState confState,
    boolean learner,
    Map<String, PeerStatus> progress,
    String leadTransferee,
    long firstIndex,
    int electionElapsed,
    int electionTimeout) {}
