package io.raftkv.kv;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key with its value and revisions, as returned by reads (etcd's mvccpb.KeyValue).
 *
 * @param createRevision the revision that created the key
 * @param modRevision the revision of its last modification; the HTTP ETag
 * @param version the number of writes since creation, starting at 1
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {

  public KeyValue {
    Keys.requireValidKey(key);
    Bytes.requireNonNull(value, "value");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue kv
        && key.equals(kv.key)
        && Arrays.equals(value, kv.value)
        && createRevision == kv.createRevision
        && modRevision == kv.modRevision
        && version == kv.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, Arrays.hashCode(value), createRevision, modRevision, version);
  }

  @Override
  public String toString() {
    return "KeyValue{" + key + "=" + Bytes.describe(value) + " create=" + createRevision + " mod=" + modRevision
        + " version=" + version + "}";
  }
}
