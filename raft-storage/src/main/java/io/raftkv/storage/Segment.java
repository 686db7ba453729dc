package io.raftkv.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One write-ahead-log segment file, {@code <seq as 16 hex digits>.wal}. A new segment is zero-filled to
 * its full size in a temporary file, fsynced and renamed into place, so its blocks are allocated before
 * records land in it and a crash never leaves a half-created segment under a final name.
 *
 * <p>Invariant: bytes in {@code [0, writeOffset)} are complete frames; the writer thread alone mutates
 * {@code writeOffset}, {@code records} and {@code maxEntryIndex}.
 */
final class Segment {

  static final String SUFFIX = ".wal";
  static final String TEMP_SUFFIX = ".wal.tmp";

  final long seq;
  final Path path;
  final FileChannel channel;
  /** End of the valid records (where the next write goes). */
  long writeOffset;
  /** Records in this segment, counting those still in the writer's buffer. */
  int records;
  /** Highest entry index ever written here (0 if none): the segment is obsolete once compaction passes it. */
  long maxEntryIndex;

  private Segment(long seq, Path path, FileChannel channel) {
    this.seq = seq;
    this.path = path;
    this.channel = channel;
  }

  static String fileName(long seq) {
    return String.format(Locale.ROOT, "%016x%s", seq, SUFFIX);
  }

  /** The sequence number of a segment file name, or -1 if {@code name} is not one. */
  static long parseSeq(String name) {
    if (!name.endsWith(SUFFIX) || name.length() != 16 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseUnsignedLong(name.substring(0, 16), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Segment open(Path dir, long seq) throws IOException {
    Path path = dir.resolve(fileName(seq));
    return new Segment(seq, path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  /**
   * Writes a zero-filled, fsynced temporary file for segment {@code seq}: the slow half of creating a
   * segment, which {@link SegmentAllocator} runs ahead of time.
   */
  static Path createTemp(Path dir, long seq, long size) throws IOException {
    Path temp = dir.resolve(String.format(Locale.ROOT, "%016x%s", seq, TEMP_SUFFIX));
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      FileOps.writeZeros(ch, 0, size);
      ch.force(true);
    }
    return temp;
  }

  /** Renames a file made by {@link #createTemp} to its final name, durably, and opens it. */
  static Segment publish(Path dir, long seq, Path temp) throws IOException {
    Files.move(temp, dir.resolve(fileName(seq)), StandardCopyOption.ATOMIC_MOVE);
    FileOps.fsyncDirectory(dir);
    return open(dir, seq);
  }

  void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
