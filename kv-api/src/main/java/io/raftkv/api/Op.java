package io.raftkv.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One operation of a transaction branch (etcd's RequestOp). JSON: {@code {"op": "put"|"delete"|"get"|"range",
 * ...}}; a {@code delete} with {@code prefix} or {@code start}/{@code end} instead of {@code key} is a
 * {@link DeleteRange}.
 */
public sealed interface Op {

  /** Sets {@code key} to {@code value}; yields a {@link PutResult}. */
  record Put(String key, byte[] value) implements Op {

    public Put {
      Keys.requireValidKey(key);
      Bytes.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(key, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
      return "Put{" + key + "=" + Bytes.describe(value) + "}";
    }
  }

  /** Removes {@code key}; yields a {@link DeleteResult}. */
  record Delete(String key) implements Op {
    public Delete {
      Keys.requireValidKey(key);
    }
  }

  /**
   * Removes every live key of {@code range} (a prefix or an interval; one key is a {@link Delete}), all in
   * the transaction's one revision (etcd's DeleteRange); yields a {@link DeleteRangeResult} whose
   * {@code prevKvs} are the deleted key-values when {@code prevKv} is set, else empty (a range may be large).
   */
  record DeleteRange(KeyRange range, boolean prevKv) implements Op {
    public DeleteRange {
      Objects.requireNonNull(range, "range");
      if (range.kind() == KeyRange.Kind.KEY) {
        throw new IllegalArgumentException("a range delete takes a prefix or an interval; one key is a Delete");
      }
    }
  }

  /** Reads {@code key}; yields a {@link GetResult}. */
  record Get(String key) implements Op, ReadOp {
    public Get {
      Keys.requireValidKey(key);
    }
  }

  /**
   * Reads up to {@code limit} keys starting with {@code prefix}; yields a {@link RangeResult}. Over HTTP the
   * limit is {@code 1..}{@link #MAX_LIMIT} (default {@link #DEFAULT_LIMIT}); inside the store 0 means no limit.
   */
  record Range(String prefix, int limit) implements Op, ReadOp {

    /** The limit of a range (and of {@code GET /v1/kv}) that gives none. */
    public static final int DEFAULT_LIMIT = 1000;
    /** The largest limit the API accepts. */
    public static final int MAX_LIMIT = 10_000;

    public Range {
      Keys.requireValidPrefix(prefix);
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0: " + limit);
      }
    }
  }
}
