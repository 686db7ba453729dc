package io.raftkv.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Pre-allocates the next WAL segment on a background thread (zero-fill and fsync of a temporary file), so
 * that a roll on the writer thread costs only a rename and a directory fsync instead of writing a whole
 * segment of zeros. At most one segment is prepared ahead, once the current one is half full.
 *
 * <p>Invariant: {@code next}, when set, is producing the temporary file for segment {@code nextSeq}.
 * Used by the writer thread only (the background thread touches just the temporary file).
 */
final class SegmentAllocator implements AutoCloseable {

  private final Path dir;
  private final long size;
  private final ExecutorService executor;
  private Future<Path> next;
  private long nextSeq = -1;

  SegmentAllocator(Path dir, long size) {
    this.dir = dir;
    this.size = size;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "wal-preallocate-" + dir.getFileName());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts preparing segment {@code seq} in the background, unless that is already under way. */
  void prepare(long seq) {
    if (next != null && nextSeq == seq) {
      return;
    }
    nextSeq = seq;
    next = executor.submit(() -> Segment.createTemp(dir, seq, size));
  }

  /** Segment {@code seq}, created durably under its final name (waiting for the background work). */
  Segment take(long seq) throws IOException {
    if (next == null || nextSeq != seq) {
      discardPrepared();
      prepare(seq);
    }
    Path temp = await(next);
    next = null;
    return Segment.publish(dir, seq, temp);
  }

  private static Path await(Future<Path> future) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          // The roll must complete or fail cleanly; remember the interrupt for the caller.
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          if (e.getCause() instanceof UncheckedIOException io) {
            throw io.getCause();
          }
          throw new IOException("segment pre-allocation failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void discardPrepared() throws IOException {
    if (next != null) {
      try {
        Files.deleteIfExists(await(next));
      } catch (IOException ignored) {
        // A failed pre-allocation leaves at most a temporary file, which open() deletes.
      }
      next = null;
    }
  }

  /** Stops the background thread and deletes an unused pre-allocated file. */
  @Override
  public void close() throws IOException {
    discardPrepared();
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
