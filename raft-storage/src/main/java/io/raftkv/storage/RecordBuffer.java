package io.raftkv.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer into which records are framed back to back, so a batch reaches the file in one
 * write. {@link #beginRecord()} reserves the frame header, the caller writes the body, {@link #endRecord()}
 * fills the header (length and CRCs) in place. Not thread-safe; owned by the writer thread.
 */
final class RecordBuffer {

  private byte[] buf;
  private int size;
  private int recordStart = -1;

  RecordBuffer(int initialCapacity) {
    buf = new byte[Math.max(initialCapacity, 64)];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
    recordStart = -1;
  }

  /** Drops everything from {@code newSize} on (used to move a record that must go to the next segment). */
  void truncate(int newSize) {
    size = newSize;
  }

  byte[] copyOfRange(int from, int to) {
    return Arrays.copyOfRange(buf, from, to);
  }

  ByteBuffer view() {
    return ByteBuffer.wrap(buf, 0, size);
  }

  /** Starts a frame; returns its offset in this buffer. */
  int beginRecord() {
    if (recordStart >= 0) {
      throw new IllegalStateException("record already open");
    }
    recordStart = size;
    ensure(RecordFramer.HEADER_BYTES);
    size += RecordFramer.HEADER_BYTES;
    return recordStart;
  }

  /** Closes the open frame and returns its total length. */
  int endRecord() {
    int bodyLength = size - recordStart - RecordFramer.HEADER_BYTES;
    RecordFramer.writeHeader(buf, recordStart, bodyLength);
    int length = size - recordStart;
    recordStart = -1;
    return length;
  }

  void putRaw(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  void putByte(int v) {
    ensure(1);
    buf[size++] = (byte) v;
  }

  void putInt(int v) {
    ensure(4);
    RecordFramer.putInt(buf, size, v);
    size += 4;
  }

  void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  void putBytes(byte[] bytes) {
    putInt(bytes.length);
    putRaw(bytes);
  }

  /** A length-prefixed UTF-8 string; {@code null} is length -1. */
  void putString(String s) {
    if (s == null) {
      putInt(-1);
    } else {
      putBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) size + extra);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("write batch too large: " + wanted + " bytes");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }
}
