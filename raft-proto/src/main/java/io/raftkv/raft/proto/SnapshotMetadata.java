package io.raftkv.raft.proto;

import java.util.Objects;

/**
 * What a snapshot covers (§7): every entry up to and including {@code index}, whose term is {@code term},
 * and the membership in force at that index.
 *
 * @param sizeBytes length of the snapshot's data in bytes
 */
public record SnapshotMetadata(long index, long term, ConfState confState, long sizeBytes) {

  public static final SnapshotMetadata EMPTY = new SnapshotMetadata(0, 0, ConfState.EMPTY, 0);

  public SnapshotMetadata {
    Objects.requireNonNull(confState, "confState");
  }

  public boolean isEmpty() {
    return index == 0;
  }
}
