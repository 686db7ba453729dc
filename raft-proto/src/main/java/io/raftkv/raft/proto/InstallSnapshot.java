package io.raftkv.raft.proto;

/**
 * InstallSnapshot RPC (§7, Figure 13): one chunk of the snapshot described by {@code metadata}, placed at
 * byte {@code offset}. {@code done} marks the last chunk. Chunks are sent in order; a follower that
 * receives an unexpected offset answers with the offset it expects, so the leader resumes from there.
 */
public record InstallSnapshot(
    String from, String to, long term, SnapshotMetadata metadata, long offset, byte[] data, boolean done)
    implements Message {

  public InstallSnapshot {
    data = data == null ? new byte[0] : data;
  }
}
