package io.raftkv.kv;

import io.raftkv.api.Bytes;
import io.raftkv.api.KeyValue;

/**
 * What the store keeps per key: the value and its etcd-style revisions. Not the API's {@link KeyValue},
 * which is this plus the key: the key is the map's, and storing it twice would cost a reference per key.
 * Reads turn it into a {@link KeyValue} with {@link #toKeyValue}, sharing the value array. Kept as small as possible (one
 * object plus the value array per key) because a node holds every key in memory.
 *
 * <p>Invariant: {@code 0 < createRevision <= modRevision} and {@code version >= 1}; the value array is never
 * mutated after the write that stored it.
 *
 * @param createRevision the revision of the write that created the key (since its last delete)
 * @param modRevision the revision of the last write to the key
 * @param version writes to the key since it was created, starting at 1
 */
public record StoredValue(byte[] value, long createRevision, long modRevision, long version) {

  KeyValue toKeyValue(String key) {
    return new KeyValue(key, value, createRevision, modRevision, version);
  }

  @Override
  public String toString() {
    return "StoredValue{" + Bytes.describe(value) + " create=" + createRevision + " mod=" + modRevision
        + " version=" + version + "}";
  }
}
