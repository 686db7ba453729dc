package io.raftkv.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key with its value and revisions (etcd's mvccpb.KeyValue): an entry of {@code kvs}, a txn get's
 * {@code kv}, a delete's {@code prevKv}. JSON: {@code {"key", "value" (base64), "createRevision",
 * "modRevision", "version"}}.
 *
 * <p>The value array is not copied: the store hands out the array it holds, and copying every value of a
 * 10k-key range would double its cost. Treat it as read-only.
 *
 * @param createRevision the revision that created the key (since its last delete)
 * @param modRevision the revision of its last modification; the HTTP ETag
 * @param version the number of writes since creation, starting at 1
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version) {

  public KeyValue {
    Keys.requireValidKey(key);
    Bytes.requireNonNull(value, "value");
  }

  /** The value decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
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
