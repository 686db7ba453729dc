package io.raftkv.client;

import java.nio.charset.StandardCharsets;

/**
 * Builds request paths: keys are UTF-8, percent-encoded per RFC 3986 §2.1, with '/' kept literal because the
 * API allows it inside keys ({@code /v1/kv/a/b} is key "a/b").
 */
final class KeyPaths {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private KeyPaths() {
  }

  /** The path for one key; rejects an empty key, which has no URL. */
  static String keyPath(String key) {
    validate(key);
    return "/v1/kv/" + encode(key, true);
  }

  static void validate(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }

  /** Percent-encodes every byte outside the unreserved set (and '/' when {@code keepSlash} is false). */
  static String encode(String text, boolean keepSlash) {
    if (isUnreserved(text, keepSlash)) {
      return text; // the common key needs no escape: no UTF-8 copy, no builder
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (unreserved(c, keepSlash)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(String text, boolean keepSlash) {
    for (int i = 0; i < text.length(); i++) {
      if (!unreserved(text.charAt(i), keepSlash)) {
        return false;
      }
    }
    return true;
  }

  private static boolean unreserved(int c, boolean keepSlash) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
  }
}
