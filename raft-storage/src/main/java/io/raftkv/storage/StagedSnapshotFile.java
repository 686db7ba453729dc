package io.raftkv.storage;

import io.raftkv.raft.log.SnapshotWriter;
import io.raftkv.raft.log.StagedSnapshot;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Snapshot data streamed by the state machine into a temporary file of the snapshot directory (named
 * {@code *.snap.tmp}, so a crash leaves nothing that {@link SnapshotStore#open} would not delete). The
 * data is fsynced before {@link #stage} returns, so publishing it later costs only its footer's fsync.
 *
 * <p>Invariant: the file holds exactly {@code sizeBytes} bytes whose CRC32C is {@code dataCrc}, and nobody
 * writes it after staging except {@link SnapshotStore#create}, which appends the footer.
 */
record StagedSnapshotFile(Path path, long sizeBytes, int dataCrc) implements StagedSnapshot {

  private static final int BUFFER_BYTES = 256 << 10;

  static StagedSnapshotFile stage(Path path, SnapshotWriter data) throws IOException {
    boolean ok = false;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      CountingCrcStream counted = new CountingCrcStream(Channels.newOutputStream(ch));
      OutputStream out = new BufferedOutputStream(counted, BUFFER_BYTES);
      data.writeTo(out);
      out.flush(); // not close(): that would close the channel before the fsync
      ch.force(true);
      ok = true;
      return new StagedSnapshotFile(path, counted.count, (int) counted.crc.getValue());
    } finally {
      if (!ok) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Override
  public void discard() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Deleted again by SnapshotStore.open at the next start.
    }
  }

  /** Counts and checksums what passes through. */
  private static final class CountingCrcStream extends CheckedOutputStream {
    private long count;
    private final CRC32C crc;

    CountingCrcStream(OutputStream out) {
      this(out, new CRC32C());
    }

    private CountingCrcStream(OutputStream out, CRC32C crc) {
      super(out, crc);
      this.crc = crc;
    }

    @Override
    public void write(int b) throws IOException {
      super.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      count += len;
    }
  }
}
