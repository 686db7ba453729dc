package io.raftkv.api;

import java.util.Objects;

/**
 * A paged read of a {@link KeyRange}, optionally as of an older revision: {@code GET /v1/kv?prefix=P} or
 * {@code ?start=A&end=B} with {@code limit}, {@code after}, {@code keysOnly}, {@code countOnly},
 * {@code revision}, and {@code GET /v1/kv/{key}?revision=R}. Answered with a {@link RangeResult} whose
 * {@code revision} is the revision read, so the next page can pin it.
 *
 * @param keys the keys to read
 * @param after only keys strictly after this one (the last key of the previous page), or {@code null}
 * @param limit at most this many key-values; 0 = no limit
 * @param revision read as of this revision; 0 = the current one
 * @param keysOnly leave the values out
 * @param countOnly return only the number of matching keys after {@code after} (ignores {@code limit})
 */
public record RangeQuery(KeyRange keys, String after, int limit, long revision, boolean keysOnly,
    boolean countOnly) implements ReadOp {

  public RangeQuery {
    Objects.requireNonNull(keys, "keys");
    if (after != null) {
      Keys.requireValidKey(after);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0: " + revision);
    }
  }

  /** The whole range at the current revision, values included. */
  public static RangeQuery of(KeyRange keys) {
    return new RangeQuery(keys, null, 0, 0, false, false);
  }

  /** This query pinned to {@code atRevision}. */
  public RangeQuery at(long atRevision) {
    return new RangeQuery(keys, after, limit, atRevision, keysOnly, countOnly);
  }
}
