package io.raftkv.kv;

/**
 * What a verified KV snapshot holds, without its keys: for inspecting a backup.
 *
 * @param formatVersion the snapshot format version it was written in
 * @param revision the store revision
 * @param lastApplied the index of the last Raft entry it reflects
 * @param keys the number of live keys
 */
public record KvSnapshotSummary(int formatVersion, long revision, long lastApplied, long keys) {}
