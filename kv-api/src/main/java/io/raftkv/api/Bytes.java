package io.raftkv.api;

import java.util.Objects;

/** Null checks and a short printable form (for toString) of the byte arrays that API and store records carry. */
public final class Bytes {

  public static final byte[] EMPTY = new byte[0];

  private Bytes() {}

  public static byte[] requireNonNull(byte[] value, String name) {
    return Objects.requireNonNull(value, name + " must not be null");
  }

  /** A toString fragment: the length and, for short values, the bytes as hex. */
  public static String describe(byte[] value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder().append(value.length).append('B');
    if (value.length <= 16) {
      sb.append(" 0x");
      for (byte b : value) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
    }
    return sb.toString();
  }
}
