package io.raftkv.kv.api;

import java.io.InputStream;
import java.util.Objects;

/**
 * A consistent snapshot of the replicated state ready to be streamed (a backup): the Raft index and term it
 * reflects, and its bytes. Whoever receives it owns {@code body} and must close it.
 *
 * @param index the log index the snapshot reflects (the HTTP ETag)
 * @param term the term of the entry at {@code index}
 * @param body the backup file's bytes, in the format of the node layer (see docs/API.md)
 */
public record SnapshotStream(long index, long term, InputStream body) {

  public SnapshotStream {
    Objects.requireNonNull(body, "body");
  }
}
