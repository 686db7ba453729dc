package io.raftkv.storage;

import io.raftkv.raft.log.BoundedInputStream;
import io.raftkv.raft.log.SnapshotUnavailableException;
import io.raftkv.raft.log.SnapshotWriter;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot directory: at most one current snapshot file ({@link SnapshotFile} format, named by index
 * and term), plus transient files: {@code *.snap.tmp} while one is being created and {@code incoming.part}
 * while one is being received in chunks.
 *
 * <p>A snapshot becomes current only by an atomic rename of a fully written, fsynced file followed by an
 * fsync of the directory, so after a crash the directory holds either the old or the new snapshot, never a
 * partial one; leftover temporary files are deleted at open. Older snapshots are deleted once a newer one
 * is current.
 *
 * <p>Threading: one writer thread calls the mutators; {@link #stage}, {@link #chunk} and {@link #open} may run
 * on any thread.
 * Replacing the current snapshot and reading it are serialized by this object's monitor (the old file is
 * closed on replacement).
 */
final class SnapshotStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);
  static final String TEMP_SUFFIX = ".snap.tmp";
  static final String INCOMING = "incoming.part";

  private final Path dir;
  /** The current snapshot, or null. Guarded by {@code this} for reads of its channel. */
  private volatile SnapshotFile current;
  private FileChannel currentChannel;
  private IncomingSnapshot incoming;
  private final AtomicLong stagedFiles = new AtomicLong();

  private SnapshotStore(Path dir) {
    this.dir = dir;
  }

  static SnapshotStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> snapshots = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX) || name.equals(INCOMING)) {
          log.info("Deleting unfinished snapshot file {}", p);
          Files.delete(p);
        } else if (name.endsWith(SnapshotFile.SUFFIX)) {
          snapshots.add(p);
        }
      }
    }
    // Names are zero-padded index-term, so the lexicographically last is the latest.
    snapshots.sort(Comparator.comparing(p -> p.getFileName().toString()));
    SnapshotStore store = new SnapshotStore(dir);
    if (!snapshots.isEmpty()) {
      Path latest = snapshots.get(snapshots.size() - 1);
      FileChannel ch = FileChannel.open(latest, StandardOpenOption.READ);
      try {
        store.current = SnapshotFile.read(latest, ch, true);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      store.currentChannel = ch;
      for (Path older : snapshots.subList(0, snapshots.size() - 1)) {
        log.info("Deleting superseded snapshot {}", older);
        Files.delete(older);
      }
    }
    return store;
  }

  /** The current snapshot's metadata, or {@link SnapshotMetadata#EMPTY}. */
  SnapshotMetadata metadata() {
    SnapshotFile c = current;
    return c == null ? SnapshotMetadata.EMPTY : c.metadata();
  }

  /** Streams a local snapshot's data into a new temporary file; any thread (see {@link StagedSnapshotFile}). */
  StagedSnapshotFile stage(SnapshotWriter data) throws IOException {
    return StagedSnapshotFile.stage(dir.resolve("staged-" + stagedFiles.incrementAndGet() + TEMP_SUFFIX), data);
  }

  /** Seals staged data with its footer and makes it current (durably, before returning). */
  void create(long index, long term, ConfState confState, StagedSnapshotFile staged) throws IOException {
    SnapshotMetadata metadata = new SnapshotMetadata(index, term, confState, staged.sizeBytes());
    try (FileChannel ch = FileChannel.open(staged.path(), StandardOpenOption.WRITE)) {
      if (ch.size() != staged.sizeBytes()) {
        throw new IllegalStateException("staged snapshot " + staged.path() + " changed size");
      }
      SnapshotFile.writeFooter(ch, staged.sizeBytes(), metadata, staged.dataCrc());
      ch.force(true);
    }
    publish(staged.path(), metadata);
  }

  /**
   * Writes a piece of an incoming snapshot. Offset 0 starts over; any other offset must continue exactly
   * where the previous chunk of the same snapshot ended. {@code done} seals the file (footer and fsync).
   */
  void writeChunk(SnapshotMetadata metadata, long offset, byte[] data, boolean done) throws IOException {
    if (offset == 0) {
      if (incoming != null) {
        incoming.discard();
      }
      incoming = IncomingSnapshot.start(dir.resolve(INCOMING), metadata);
    } else if (incoming == null || !incoming.metadata().equals(metadata)) {
      throw new IllegalArgumentException("chunk at offset " + offset + " of snapshot " + metadata.index() + "@"
          + metadata.term() + " does not continue a snapshot being received");
    }
    incoming.write(offset, data, done);
  }

  /** Makes the fully received snapshot {@code metadata} current (durably, before returning). */
  void install(SnapshotMetadata metadata) throws IOException {
    if (incoming == null || !incoming.metadata().equals(metadata) || !incoming.done()) {
      throw new IllegalStateException("snapshot " + metadata.index() + "@" + metadata.term()
          + " has not been fully received");
    }
    Path part = incoming.path();
    incoming = null;
    publish(part, metadata);
  }

  private void publish(Path written, SnapshotMetadata metadata) throws IOException {
    Path target = dir.resolve(SnapshotFile.fileName(metadata));
    Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    FileOps.fsyncDirectory(dir);
    FileChannel ch = FileChannel.open(target, StandardOpenOption.READ);
    SnapshotFile next = SnapshotFile.read(target, ch, false);
    SnapshotFile previous;
    synchronized (this) {
      previous = current;
      if (currentChannel != null) {
        currentChannel.close();
      }
      current = next;
      currentChannel = ch;
    }
    if (previous != null && !previous.path().equals(target)) {
      // Not fsynced: if the deletion is lost, open() deletes it again.
      Files.deleteIfExists(previous.path());
    }
  }

  /**
   * Up to {@code maxBytes} of the current snapshot's data from {@code offset}.
   *
   * @throws SnapshotUnavailableException if the current snapshot is not the one at {@code snapshotIndex}
   */
  synchronized byte[] chunk(long snapshotIndex, long offset, int maxBytes) throws IOException {
    SnapshotFile c = current;
    if (c == null || c.metadata().index() != snapshotIndex) {
      throw new SnapshotUnavailableException(snapshotIndex);
    }
    long size = c.metadata().sizeBytes();
    if (offset < 0 || offset > size || maxBytes < 0) {
      throw new IllegalArgumentException("chunk offset " + offset + " / max " + maxBytes + " outside snapshot of "
          + size + " bytes");
    }
    byte[] out = new byte[(int) Math.min(maxBytes, size - offset)];
    FileOps.readFully(currentChannel, ByteBuffer.wrap(out), offset);
    return out;
  }

  /**
   * A stream of the data of the current snapshot (not its footer), which must be the one at
   * {@code snapshotIndex}. It reads its own open file, so it stays valid when a newer snapshot replaces
   * and deletes this one (POSIX keeps an unlinked file readable while it is open).
   *
   * @throws SnapshotUnavailableException if the current snapshot is not the one at {@code snapshotIndex}
   */
  synchronized InputStream open(long snapshotIndex) throws IOException {
    SnapshotFile c = current;
    if (c == null || c.metadata().index() != snapshotIndex) {
      throw new SnapshotUnavailableException(snapshotIndex);
    }
    FileChannel ch = FileChannel.open(c.path(), StandardOpenOption.READ);
    return new BoundedInputStream(new BufferedInputStream(Channels.newInputStream(ch), 256 << 10),
        c.metadata().sizeBytes());
  }

  @Override
  public synchronized void close() throws IOException {
    if (incoming != null) {
      incoming.close();
    }
    if (currentChannel != null) {
      currentChannel.close();
    }
  }
}
