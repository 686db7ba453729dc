package io.raftkv.api;

import java.util.Objects;

/**
 * A set of keys a read, a range delete or a watch covers: one key, every key with a prefix, or the
 * half-open interval {@code [start, end)} in UTF-8 byte order ({@code end == null}: to the end of the key
 * space). The one definition of "in range" shared by the store, the server and the client.
 *
 * <p>Invariant: for {@link Kind#KEY} {@code start} is a valid key; for {@link Kind#PREFIX} a valid prefix
 * (empty = all keys); for {@link Kind#INTERVAL} {@code start} is a valid prefix and {@code end}, when
 * present, a valid key.
 *
 * @param kind what {@code start} and {@code end} mean
 * @param start the key, the prefix, or the interval's first key (inclusive)
 * @param end the interval's end (exclusive), or {@code null}; always {@code null} for KEY and PREFIX
 */
public record KeyRange(Kind kind, String start, String end) {

  /** The three shapes of a range. */
  public enum Kind {
    KEY, PREFIX, INTERVAL
  }

  public KeyRange {
    Objects.requireNonNull(kind, "kind");
    switch (kind) {
      case KEY -> Keys.requireValidKey(start);
      case PREFIX -> Keys.requirePrefixOf(start);
      case INTERVAL -> {
        Keys.requirePrefixOf(start);
        if (end != null) {
          Keys.requireValidKey(end);
        }
      }
    }
    if (kind != Kind.INTERVAL && end != null) {
      throw new IllegalArgumentException("only an interval has an end");
    }
  }

  public static KeyRange key(String key) {
    return new KeyRange(Kind.KEY, key, null);
  }

  public static KeyRange prefix(String prefix) {
    return new KeyRange(Kind.PREFIX, prefix, null);
  }

  /** {@code [start, end)}; {@code end == null} for no upper bound. */
  public static KeyRange interval(String start, String end) {
    return new KeyRange(Kind.INTERVAL, start, end);
  }

  /** Whether {@code key} is in the range. */
  public boolean contains(String key) {
    return switch (kind) {
      case KEY -> start.equals(key);
      case PREFIX -> key.startsWith(start);
      case INTERVAL -> Keys.UTF8_ORDER.compare(key, start) >= 0 && !pastEnd(key);
    };
  }

  /**
   * Whether {@code key}, at or after {@link #start} in key order, is beyond the range's last key, so a scan
   * in key order can stop: the keys of a range are contiguous in UTF-8 order.
   */
  public boolean pastEnd(String key) {
    return switch (kind) {
      case KEY -> Keys.UTF8_ORDER.compare(key, start) > 0;
      case PREFIX -> !key.startsWith(start);
      case INTERVAL -> end != null && Keys.UTF8_ORDER.compare(key, end) >= 0;
    };
  }
}
