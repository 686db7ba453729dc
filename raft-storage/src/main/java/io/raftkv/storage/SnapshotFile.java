package io.raftkv.storage;

import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Format of a snapshot file: the state machine's data followed by a footer describing it. The footer comes
 * last so that a snapshot received in chunks can be written straight to its file and sealed when done.
 *
 * <p>Footer: {@code body = index:int64, term:int64, sizeBytes:int64, dataCrc:int32, confState}, then the
 * trailer {@code bodyLength:int32, bodyCrc:int32, MAGIC:int32}. {@code dataCrc} is CRC32C of the data.
 */
record SnapshotFile(Path path, SnapshotMetadata metadata, int dataCrc) {

  static final String SUFFIX = ".snap";
  private static final int MAGIC = 0x524b5346;
  private static final int TRAILER_BYTES = 12;

  static String fileName(SnapshotMetadata m) {
    return String.format(Locale.ROOT, "%020d-%020d%s", m.index(), m.term(), SUFFIX);
  }

  /** Appends the footer for {@code metadata} at {@code position} (the end of the data). */
  static void writeFooter(FileChannel ch, long position, SnapshotMetadata metadata, int dataCrc) throws IOException {
    RecordBuffer body = new RecordBuffer(256);
    body.putLong(metadata.index());
    body.putLong(metadata.term());
    body.putLong(metadata.sizeBytes());
    body.putInt(dataCrc);
    RecordCodec.putConfState(metadata.confState(), body);
    int bodyLength = body.size();
    byte[] bytes = body.copyOfRange(0, bodyLength);
    body.putInt(bodyLength);
    body.putInt(RecordFramer.crc(bytes, 0, bodyLength));
    body.putInt(MAGIC);
    FileOps.writeFully(ch, body.view(), position);
  }

  /**
   * Reads and verifies the footer and (with {@code verifyData}) the data checksum of {@code path}.
   *
   * @throws StorageCorruptedException naming the file and offset of whatever fails to verify
   */
  static SnapshotFile read(Path path, FileChannel ch, boolean verifyData) throws IOException {
    long fileSize = ch.size();
    if (fileSize < TRAILER_BYTES) {
      throw new StorageCorruptedException(path, 0, "snapshot file too short for a footer");
    }
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
    FileOps.readFully(ch, trailer, fileSize - TRAILER_BYTES);
    trailer.flip();
    int bodyLength = trailer.getInt();
    int bodyCrc = trailer.getInt();
    if (trailer.getInt() != MAGIC || bodyLength <= 0 || bodyLength > fileSize - TRAILER_BYTES) {
      throw new StorageCorruptedException(path, fileSize - TRAILER_BYTES, "bad snapshot footer trailer");
    }
    long bodyOffset = fileSize - TRAILER_BYTES - bodyLength;
    byte[] body = new byte[bodyLength];
    FileOps.readFully(ch, ByteBuffer.wrap(body), bodyOffset);
    if (RecordFramer.crc(body, 0, bodyLength) != bodyCrc) {
      throw new StorageCorruptedException(path, bodyOffset, "snapshot footer checksum mismatch");
    }
    SnapshotMetadata metadata;
    int dataCrc;
    try {
      ByteBuffer in = ByteBuffer.wrap(body);
      long index = in.getLong();
      long term = in.getLong();
      long size = in.getLong();
      dataCrc = in.getInt();
      metadata = new SnapshotMetadata(index, term, RecordCodec.getConfState(in), size);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new StorageCorruptedException(path, bodyOffset, "undecodable snapshot footer");
    }
    if (metadata.sizeBytes() != bodyOffset) {
      throw new StorageCorruptedException(path, bodyOffset, "snapshot data is " + bodyOffset + " bytes, footer says "
          + metadata.sizeBytes());
    }
    if (verifyData) {
      int actual = dataCrc(ch, metadata.sizeBytes());
      if (actual != dataCrc) {
        throw new StorageCorruptedException(path, 0, "snapshot data checksum mismatch");
      }
    }
    return new SnapshotFile(path, metadata, dataCrc);
  }

  private static int dataCrc(FileChannel ch, long size) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    for (long pos = 0; pos < size; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
      FileOps.readFully(ch, buf, pos);
      buf.flip();
      crc.update(buf);
      pos += buf.limit();
    }
    return (int) crc.getValue();
  }
}
