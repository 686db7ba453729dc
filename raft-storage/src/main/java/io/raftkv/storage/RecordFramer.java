package io.raftkv.storage;

import java.util.zip.CRC32C;

/**
 * The on-disk frame of one write-ahead-log record, and its verification.
 *
 * <p>Layout (big-endian): {@code bodyLength:int32, bodyCrc:int32, headerCrc:int32, body[bodyLength]},
 * where {@code bodyCrc} is CRC32C of the body and {@code headerCrc} is CRC32C of the first 8 bytes. The
 * header check lets recovery tell a record start from arbitrary bytes cheaply, which it needs to decide
 * whether anything valid follows a bad record (corruption) or not (a torn tail). An all-zero header (the
 * pre-allocated part of a segment) can never verify because {@code bodyLength} is at least 1 (the record
 * type byte) and the CRC of zeros is not zero.
 */
final class RecordFramer {

  static final int HEADER_BYTES = 12;

  /** {@link #check} result: a well-formed header whose length runs past the end of the data. */
  static final int TRUNCATED = -1;
  /** {@link #check} result: the header does not verify (zeros, garbage or a torn header). */
  static final int BAD_HEADER = -2;
  /** {@link #check} result: the header verifies but the body's CRC does not. */
  static final int BAD_BODY = -3;

  private RecordFramer() {}

  /**
   * Verifies the frame starting at {@code off} in {@code buf[0, end)}.
   *
   * @return the total frame length (header plus body) if valid, else {@link #TRUNCATED},
   *     {@link #BAD_HEADER} or {@link #BAD_BODY}
   */
  static int check(byte[] buf, int off, int end) {
    if (end - off < HEADER_BYTES) {
      return TRUNCATED;
    }
    int bodyLength = getInt(buf, off);
    if (bodyLength <= 0 || getInt(buf, off + 8) != crc(buf, off, 8)) {
      return BAD_HEADER;
    }
    if ((long) off + HEADER_BYTES + bodyLength > end) {
      return TRUNCATED;
    }
    if (getInt(buf, off + 4) != crc(buf, off + HEADER_BYTES, bodyLength)) {
      return BAD_BODY;
    }
    return HEADER_BYTES + bodyLength;
  }

  /** Length of the body of the (already verified) frame at {@code off}. */
  static int bodyLength(byte[] buf, int off) {
    return getInt(buf, off);
  }

  /**
   * The offset of the first complete, valid frame starting in {@code [from, end)}, or -1. Used only after
   * a bad record, so it may afford to try every byte offset; the header CRC rejects almost all of them
   * after 8 bytes of checksumming.
   */
  static int findValidFrame(byte[] buf, int from, int end) {
    for (int p = Math.max(from, 0); p + HEADER_BYTES <= end; p++) {
      int bodyLength = getInt(buf, p);
      if (bodyLength <= 0 || bodyLength > end - p - HEADER_BYTES) {
        continue;
      }
      if (check(buf, p, end) > 0) {
        return p;
      }
    }
    return -1;
  }

  /** Writes the header for the body at {@code buf[off + HEADER_BYTES, off + HEADER_BYTES + bodyLength)}. */
  static void writeHeader(byte[] buf, int off, int bodyLength) {
    putInt(buf, off, bodyLength);
    putInt(buf, off + 4, crc(buf, off + HEADER_BYTES, bodyLength));
    putInt(buf, off + 8, crc(buf, off, 8));
  }

  static int crc(byte[] buf, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(buf, off, len);
    return (int) crc.getValue();
  }

  static boolean isZero(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] != 0) {
        return false;
      }
    }
    return true;
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
