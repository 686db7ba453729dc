package io.raftkv.kv;

import java.util.List;

/**
 * The answer to a prefix range read.
 *
 * @param kvs the matching key-values in UTF-8 byte order of their keys
 * @param more whether further keys matched beyond the limit
 * @param revision the store's revision when read
 */
public record RangeResult(List<KeyValue> kvs, boolean more, long revision) implements ReadResult, OpResult {

  public RangeResult {
    kvs = List.copyOf(kvs);
  }
}
