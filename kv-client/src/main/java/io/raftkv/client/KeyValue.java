package io.raftkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One entry of a list (or txn range) answer, with etcd's revision bookkeeping.
 *
 * @param key the key
 * @param value the value bytes
 * @param createRevision revision of the write that created the key (since its last delete)
 * @param modRevision revision of the last write to the key
 * @param version number of writes since creation, 1 for a new key
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {

  public KeyValue {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue other && key.equals(other.key) && Arrays.equals(value, other.value)
        && createRevision == other.createRevision && modRevision == other.modRevision
        && version == other.version;
  }

  @Override
  public int hashCode() {
    return 31 * key.hashCode() + Arrays.hashCode(value) + Long.hashCode(modRevision);
  }

  @Override
  public String toString() {
    return "KeyValue[key=" + key + ", " + value.length + " bytes, createRevision=" + createRevision
        + ", modRevision=" + modRevision + ", version=" + version + "]";
  }
}
