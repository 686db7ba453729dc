package io.raftkv.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote, checking every length against the bytes left so that corrupt input
 * fails with a {@link KvCodecException} instead of a huge allocation or an index error.
 */
final class ByteReader {

  private final byte[] buf;
  private final int limit;
  private int pos;
  private final String what;

  ByteReader(byte[] buf, int limit, String what) {
    this.buf = buf;
    this.limit = limit;
    this.what = what;
  }

  int readByte() {
    if (pos >= limit) {
      throw error("truncated at byte " + pos);
    }
    return buf[pos++] & 0xFF;
  }

  long readVarLong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      if (shift == 63 && (b & 0xFE) != 0) {
        throw error("varint overflows 64 bits at byte " + (pos - 1));
      }
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw error("varint longer than 10 bytes at byte " + pos);
  }

  long readNonNegative(String field) {
    long v = readVarLong();
    if (v < 0) {
      throw error(field + " is negative");
    }
    return v;
  }

  long readSignedVarLong() {
    long z = readVarLong();
    return (z >>> 1) ^ -(z & 1);
  }

  /** A count of items each at least one byte long; rejects counts the remaining bytes cannot hold. */
  int readCount(String field) {
    long n = readVarLong();
    if (n < 0 || n > remaining()) {
      throw error(field + " count " + n + " exceeds the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  byte[] readBytes(String field) {
    long n = readVarLong();
    if (n < 0 || n > remaining()) {
      throw error(field + " length " + n + " exceeds the " + remaining() + " bytes left");
    }
    byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  String readString(String field) {
    byte[] b = readBytes(field);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new KvCodecException(what + ": " + field + " is not valid UTF-8", e);
    }
  }

  int remaining() {
    return limit - pos;
  }

  void expectEnd() {
    if (pos != limit) {
      throw error((limit - pos) + " unexpected trailing bytes");
    }
  }

  KvCodecException error(String message) {
    return new KvCodecException(what + ": " + message);
  }
}
