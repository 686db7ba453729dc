package io.raftkv.kv.http;

import io.raftkv.api.ErrorKind;
import io.raftkv.api.KeyRange;
import io.raftkv.api.Op;
import io.raftkv.api.RangeQuery;

/**
 * The query parameters that select keys and revisions, shared by range reads, range deletes, historical
 * gets and watches: {@code prefix} or {@code start}/{@code end} (or {@code key}), {@code after},
 * {@code limit}, {@code keysOnly}, {@code countOnly}, {@code revision}. Every bad value is a 400
 * {@code bad_parameter} naming the parameter.
 */
final class RangeParams {

  private RangeParams() {}

  /**
   * The keys selected by {@code prefix=} or {@code start=}/{@code end=} (and {@code key=} when
   * {@code allowKey}); {@code null} when none is given.
   */
  static KeyRange keys(ApiRequest req, boolean allowKey) {
    String key = allowKey ? req.param("key") : null;
    String prefix = req.param("prefix");
    String start = req.param("start");
    String end = req.param("end");
    int given = (key != null ? 1 : 0) + (prefix != null ? 1 : 0) + (start != null || end != null ? 1 : 0);
    if (given > 1) {
      throw new ApiException(ErrorKind.BAD_PARAMETER,
          (allowKey ? "key, " : "") + "prefix and start/end are exclusive; give one");
    }
    try {
      if (key != null) {
        return KeyRange.key(key);
      }
      if (prefix != null) {
        return KeyRange.prefix(prefix);
      }
      if (start != null || end != null) {
        return KeyRange.interval(start == null ? "" : start, end);
      }
      return null;
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, e.getMessage());
    }
  }

  /** A paged range read; with no selection, all keys (as {@code GET /v1/kv} always did). */
  static RangeQuery query(ApiRequest req) {
    KeyRange keys = keys(req, false);
    String after = req.param("after");
    try {
      return new RangeQuery(keys == null ? KeyRange.prefix("") : keys, after,
          Params.limit(req, Op.Range.DEFAULT_LIMIT, Op.Range.MAX_LIMIT), revision(req, "revision"),
          Params.bool(req, "keysOnly"), Params.bool(req, "countOnly"));
    } catch (IllegalArgumentException e) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, e.getMessage());
    }
  }

  /** A revision parameter: a non-negative integer, 0 (or absent) meaning the current revision. */
  static long revision(ApiRequest req, String name) {
    String value = req.param(name);
    if (value == null) {
      return 0;
    }
    long revision;
    try {
      revision = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, name + " must be an integer, got: " + value);
    }
    if (revision < 0) {
      throw new ApiException(ErrorKind.BAD_PARAMETER, name + " must be >= 0, got: " + revision);
    }
    return revision;
  }
}
