package io.raftkv.storage;

import java.nio.file.Path;

/**
 * Stored data failed verification somewhere other than a torn tail, so recovering would silently lose or
 * invent committed state. The message always names the file and the byte offset of the bad record.
 */
public final class StorageCorruptedException extends RuntimeException {

  private final Path file;
  private final long offset;

  public StorageCorruptedException(Path file, long offset, String detail) {
    super(file + " @ offset " + offset + ": " + detail);
    this.file = file;
    this.offset = offset;
  }

  /** The file holding the bad data. */
  public Path file() {
    return file;
  }

  /** Byte offset in {@link #file()} where the bad data starts. */
  public long offset() {
    return offset;
  }
}
