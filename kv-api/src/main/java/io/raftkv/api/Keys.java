package io.raftkv.api;

import java.util.Comparator;

/**
 * Key rules of the API (docs/API.md), checked by the records of this package and so shared by the client,
 * the server and the store: a key is a non-empty UTF-8 string of at most {@link #MAX_KEY_BYTES} bytes, and
 * keys sort by their UTF-8 bytes (as etcd does).
 *
 * <p>Java strings are UTF-16, so a key with an unpaired surrogate has no UTF-8 form; it is rejected rather
 * than silently replaced, which would make two different keys collide.
 */
public final class Keys {

  /** The largest key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 4096;

  /**
   * Orders strings by code point, which is the same order as their UTF-8 bytes compared unsigned.
   * {@link String#compareTo} compares UTF-16 units and differs for characters above U+FFFF.
   */
  public static final Comparator<String> UTF8_ORDER = Keys::compareUtf8;

  private Keys() {}

  /** Checks a key and returns it; throws {@link IllegalArgumentException} naming the problem. */
  public static String requireValidKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    int bytes = utf8Length(key);
    if (bytes == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    if (bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("key is " + bytes + " bytes; the limit is " + MAX_KEY_BYTES);
    }
    return key;
  }

  /** Checks a range prefix: like a key, but the empty prefix (all keys) is allowed. */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null");
    }
    int bytes = utf8Length(prefix);
    if (bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("prefix is " + bytes + " bytes; the limit is " + MAX_KEY_BYTES);
    }
    return prefix;
  }

  /** {@link #requireValidPrefix} under the name a range's bound reads best with. */
  static String requirePrefixOf(String prefix) {
    return requireValidPrefix(prefix);
  }

  /** The UTF-8 length of {@code s}; throws when {@code s} holds an unpaired surrogate. */
  public static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new IllegalArgumentException("key is not valid Unicode: unpaired surrogate at index " + i);
        }
        n += 4;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("key is not valid Unicode: unpaired surrogate at index " + i);
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
