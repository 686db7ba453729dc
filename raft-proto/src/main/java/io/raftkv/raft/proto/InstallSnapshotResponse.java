package io.raftkv.raft.proto;

/**
 * Reply to {@link InstallSnapshot}.
 *
 * @param snapshotIndex the index of the snapshot being installed
 * @param nextOffset the next byte offset the follower expects (the leader resumes from here)
 * @param done true once the follower has installed the whole snapshot
 */
public record InstallSnapshotResponse(
    String from, String to, long term, long snapshotIndex, long nextOffset, boolean done)
    implements Message {}
