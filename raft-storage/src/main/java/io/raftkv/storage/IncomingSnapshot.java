package io.raftkv.storage;

import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A snapshot being received from the leader in chunks (§7, InstallSnapshot), written to a partial file.
 *
 * <p>Invariant: the file holds exactly the first {@code written} bytes of the snapshot's data, whose CRC32C
 * is {@code crc}; once {@code done}, the footer follows and the file is fsynced and closed. Chunks must
 * arrive in order; a partial file never survives a restart (the leader starts over from offset 0).
 */
final class IncomingSnapshot {

  private final Path path;
  private final SnapshotMetadata metadata;
  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private long written;
  private boolean done;

  private IncomingSnapshot(Path path, SnapshotMetadata metadata, FileChannel channel) {
    this.path = path;
    this.metadata = metadata;
    this.channel = channel;
  }

  static IncomingSnapshot start(Path path, SnapshotMetadata metadata) throws IOException {
    if (metadata.isEmpty() || metadata.sizeBytes() < 0) {
      throw new IllegalArgumentException("cannot receive snapshot " + metadata);
    }
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    return new IncomingSnapshot(path, metadata, ch);
  }

  Path path() {
    return path;
  }

  SnapshotMetadata metadata() {
    return metadata;
  }

  boolean done() {
    return done;
  }

  void write(long offset, byte[] data, boolean last) throws IOException {
    if (done) {
      throw new IllegalArgumentException("snapshot " + metadata.index() + " already fully received");
    }
    if (offset != written) {
      throw new IllegalArgumentException("chunk at offset " + offset + " but " + written + " bytes received so far");
    }
    if (written + data.length > metadata.sizeBytes()) {
      throw new IllegalArgumentException("chunk ends at " + (written + data.length) + ", past the snapshot size "
          + metadata.sizeBytes());
    }
    if (last && written + data.length != metadata.sizeBytes()) {
      throw new IllegalArgumentException("last chunk ends at " + (written + data.length) + " but the snapshot has "
          + metadata.sizeBytes() + " bytes");
    }
    FileOps.writeFully(channel, ByteBuffer.wrap(data), written);
    crc.update(data, 0, data.length);
    written += data.length;
    if (last) {
      SnapshotFile.writeFooter(channel, written, metadata, (int) crc.getValue());
      channel.force(true);
      channel.close();
      done = true;
    }
  }

  /** Closes and deletes the partial file. */
  void discard() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  void close() throws IOException {
    if (channel.isOpen()) {
      channel.close();
    }
  }
}
