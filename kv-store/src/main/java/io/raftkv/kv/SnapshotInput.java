package io.raftkv.kv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads a snapshot stream field by field (what {@link ByteWriter} wrote), checksumming every byte it
 * consumes, so {@link SnapshotCodec} can decode a snapshot larger than any array. Lengths are checked
 * against a cap before reading, and data is read as it arrives, so a corrupt length fails with a
 * {@link KvCodecException} (truncated) rather than a huge allocation.
 */
final class SnapshotInput {

  private final InputStream in;
  private final CRC32C crc = new CRC32C();
  private long position;

  SnapshotInput(InputStream in) {
    this.in = in;
  }

  long position() {
    return position;
  }

  /** CRC32C of every byte consumed so far. */
  int crc() {
    return (int) crc.getValue();
  }

  int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw error("truncated at byte " + position);
    }
    crc.update(b);
    position++;
    return b;
  }

  /** Up to {@code n} bytes (fewer only at the end of the stream), checksummed. */
  byte[] readUpTo(int n) throws IOException {
    byte[] out = in.readNBytes(n);
    crc.update(out, 0, out.length);
    position += out.length;
    return out;
  }

  long readVarLong(String field) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      if (shift == 63 && (b & 0xFE) != 0) {
        throw error(field + ": varint overflows 64 bits at byte " + (position - 1));
      }
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          throw error(field + " is negative");
        }
        return v;
      }
    }
    throw error(field + ": varint longer than 10 bytes at byte " + position);
  }

  byte[] readBytes(String field, int max) throws IOException {
    long n = readVarLong(field + " length");
    if (n > max) {
      throw error(field + " length " + n + " exceeds the limit of " + max + " bytes");
    }
    byte[] out = in.readNBytes((int) n);
    if (out.length != n) {
      throw error(field + " truncated at byte " + (position + out.length));
    }
    crc.update(out, 0, out.length);
    position += n;
    return out;
  }

  String readString(String field, int max) throws IOException {
    byte[] b = readBytes(field, max);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new KvCodecException("kv snapshot: " + field + " is not valid UTF-8", e);
    }
  }

  /** A big-endian int outside the checksum (the checksum itself). */
  int readUncheckedInt() throws IOException {
    byte[] b = in.readNBytes(4);
    if (b.length != 4) {
      throw error("truncated in the checksum");
    }
    position += 4;
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }

  void expectEnd() throws IOException {
    if (in.read() >= 0) {
      throw error("unexpected trailing bytes after byte " + position);
    }
  }

  KvCodecException error(String message) {
    return new KvCodecException("kv snapshot: " + message);
  }
}
