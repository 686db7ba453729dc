package io.raftkv.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File-system steps that durability depends on and that java.nio does not offer directly. */
final class FileOps {

  private static final int ZERO_CHUNK = 1 << 20;

  private FileOps() {}

  /**
   * fsyncs a directory so that creations, renames and deletions of its entries survive a crash (a file's
   * own fsync does not cover its name).
   */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Writes all of {@code src} at {@code position}, looping over short writes. */
  static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
    long pos = position;
    while (src.hasRemaining()) {
      pos += ch.write(src, pos);
    }
  }

  /** Reads exactly {@code dst.remaining()} bytes at {@code position}; fails on a short file. */
  static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at offset " + pos);
      }
      pos += n;
    }
  }

  /** Overwrites {@code [from, to)} with zeros (allocating the blocks, unlike a sparse extension). */
  static void writeZeros(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK, Math.max(0, to - from)));
    for (long pos = from; pos < to; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), to - pos));
      writeFully(ch, zeros, pos);
      pos += zeros.limit();
    }
  }
}
