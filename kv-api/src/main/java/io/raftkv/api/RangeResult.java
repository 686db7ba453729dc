package io.raftkv.api;

import java.util.List;

/**
 * The answer to a range read: {@code GET /v1/kv?prefix=P&limit=N} (or {@code start}/{@code end}) and a txn
 * range. JSON: {@code {"revision", "kvs": [...], "more"}} (a txn result puts {@code "op": "range"} first),
 * plus {@code "next"} (the cursor for {@code after=}) when {@code more}, and {@code "count"} for a
 * {@code countOnly} read.
 *
 * @param kvs the matching key-values in UTF-8 byte order of their keys (empty for a count)
 * @param more whether further keys matched beyond the limit
 * @param revision the revision the answer is as of (the store's revision, or the requested one)
 * @param count the number of matching keys for a {@code countOnly} read; -1 when not counted
 * @param keysOnly whether the values were left out (each value is then empty)
 */
public record RangeResult(List<KeyValue> kvs, boolean more, long revision, long count, boolean keysOnly)
    implements ReadResult, OpResult {

  public RangeResult {
    kvs = List.copyOf(kvs);
  }

  /** A read with values and without a count. */
  public RangeResult(List<KeyValue> kvs, boolean more, long revision) {
    this(kvs, more, revision, -1, false);
  }

  /** The key to pass as {@code after} for the next page, or {@code null} when this is the last page. */
  public String next() {
    return more && !kvs.isEmpty() ? kvs.get(kvs.size() - 1).key() : null;
  }
}
