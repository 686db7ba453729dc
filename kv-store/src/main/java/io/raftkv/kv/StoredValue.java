package io.raftkv.kv;

import io.raftkv.api.Bytes;
import io.raftkv.api.KeyValue;

/**
 * One revision of one key as the store keeps it: the value and its etcd-style revisions, or a tombstone
 * (the key's delete). Not the API's {@link KeyValue}, which is this plus the key: the key is the map's, and
 * storing it once per revision would cost a reference each. Reads turn it into a {@link KeyValue} with
 * {@link #toKeyValue}, sharing the value array. Kept as small as possible (one object plus the value array)
 * because a node holds every kept revision in memory.
 *
 * <p>Invariant: a live version has a value, {@code 0 < createRevision <= modRevision} and
 * {@code version >= 1}; a tombstone ({@link #tombstone}) has a {@code null} value, createRevision and
 * version 0, and modRevision = the revision of the delete. The value array is never mutated after the
 * write that stored it.
 *
 * @param createRevision the revision of the write that created the key (since its last delete)
 * @param modRevision the revision of this write (or delete)
 * @param version writes to the key since it was created, starting at 1
 */
public record StoredValue(byte[] value, long createRevision, long modRevision, long version) {

  /** The delete of a key at {@code revision}. */
  static StoredValue tombstone(long revision) {
    return new StoredValue(null, 0, revision, 0);
  }

  boolean isTombstone() {
    return value == null;
  }

  KeyValue toKeyValue(String key) {
    return new KeyValue(key, value, createRevision, modRevision, version);
  }

  @Override
  public String toString() {
    if (isTombstone()) {
      return "StoredValue{tombstone mod=" + modRevision + "}";
    }
    return "StoredValue{" + Bytes.describe(value) + " create=" + createRevision + " mod=" + modRevision
        + " version=" + version + "}";
  }
}
