package io.raftkv.api;

import java.util.List;

/**
 * The answer to a prefix read: {@code GET /v1/kv?prefix=P&limit=N} and a txn range. JSON:
 * {@code {"revision", "kvs": [...], "more"}} (a txn result puts {@code "op": "range"} first).
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
