package io.raftkv.raft;

import io.raftkv.raft.proto.ConfState;
import java.util.Map;

/**
 * A snapshot of a node's state for monitoring.
 *
 * @param leaderId known leader or {@code null}
 * @param progress the leader's view of every member (empty when not leader)
 * @param leadTransferee the target of a leadership transfer in progress, or {@code null}
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
    String leadTransferee) {}
