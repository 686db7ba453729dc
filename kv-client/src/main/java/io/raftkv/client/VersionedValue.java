package io.raftkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key's value as returned by GET, with its modRevision (from the ETag), ready for a compare-and-set.
 */
public record VersionedValue(String key, byte[] value, long modRevision) {

  public VersionedValue {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The value decoded as UTF-8 (malformed bytes become U+FFFD). */
  public String valueAsString() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionedValue other && key.equals(other.key) && modRevision == other.modRevision
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * key.hashCode() + Arrays.hashCode(value)) + Long.hashCode(modRevision);
  }

  @Override
  public String toString() {
    return "VersionedValue[key=" + key + ", " + value.length + " bytes, modRevision=" + modRevision + "]";
  }
}
