package io.raftkv.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends unsigned LEB128 varints, zigzag varlongs and length-prefixed bytes to a growable array. Shared by
 * {@link KvCommandCodec} and {@link SnapshotCodec}.
 */
final class ByteWriter {

  private byte[] buf;
  private int pos;

  ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  void writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  void writeVarLong(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("varint must be >= 0: " + v);
    }
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  /** Any long, zigzag-encoded so small negative numbers stay short. */
  void writeSignedVarLong(long v) {
    long zigzag = (v << 1) ^ (v >> 63);
    ensure(10);
    while ((zigzag & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((zigzag & 0x7F) | 0x80);
      zigzag >>>= 7;
    }
    buf[pos++] = (byte) zigzag;
  }

  void writeBytes(byte[] b) {
    writeVarLong(b.length);
    writeRaw(b);
  }

  void writeString(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  void writeRaw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  void writeInt(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  int position() {
    return pos;
  }

  /** Forgets what was written, keeping the buffer (for encoding a stream piece by piece). */
  void reset() {
    pos = 0;
  }

  byte[] array() {
    return buf;
  }

  /** The written bytes; no copy when the buffer is exactly full. */
  byte[] toByteArray() {
    return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
  }

  static int varLongSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      n++;
      v >>>= 7;
    }
    return n;
  }

  private void ensure(int n) {
    if (buf.length - pos < n) {
      long want = Math.max((long) buf.length * 2, (long) pos + n);
      if (want > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("encoding exceeds 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }
}
