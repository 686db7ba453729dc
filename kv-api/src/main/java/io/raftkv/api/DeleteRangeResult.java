package io.raftkv.api;

import java.util.List;

/**
 * The outcome of a range delete ({@code DELETE /v1/kv?prefix=P} or {@code ?start=A&end=B}, or a txn's
 * {@link Op.DeleteRange}): every live key of the range deleted in one revision. JSON: {@code {"revision",
 * "deleted"}}; a txn result adds {@code "op": "delete"} and {@code "prevKvs"}.
 *
 * @param revision the store's revision after the delete; unchanged when nothing was deleted
 * @param deleted how many keys were deleted
 * @param prevKvs the deleted key-values in key order when the op asked for them ({@link Op.DeleteRange#prevKv}),
 *     else empty
 */
public record DeleteRangeResult(long revision, long deleted, List<KeyValue> prevKvs) implements KvResult, OpResult {

  public DeleteRangeResult {
    prevKvs = List.copyOf(prevKvs);
    if (deleted < 0 || prevKvs.size() > deleted) {
      throw new IllegalArgumentException("deleted must be >= 0 and count every prevKv: " + deleted);
    }
  }

  /** A result without the deleted key-values. */
  public DeleteRangeResult(long revision, long deleted) {
    this(revision, deleted, List.of());
  }
}
