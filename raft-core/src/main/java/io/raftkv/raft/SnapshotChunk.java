package io.raftkv.raft;

import io.raftkv.raft.proto.SnapshotMetadata;

/**
 * A piece of an incoming snapshot that the caller must write durably at {@code offset} of the snapshot
 * file for {@code metadata} (offset 0 starts a fresh file) before sending the Ready's messages.
 */
public record SnapshotChunk(SnapshotMetadata metadata, long offset, byte[] data, boolean done) {}
