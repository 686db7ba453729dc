package io.raftkv.kv.http.stream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's open streamed responses: bounds how many may be open at once and closes them all when the
 * server shuts down. The single owner of that count; {@link StreamWriter}s enter through {@link
 * #tryOpen} and leave through {@link #release}.
 *
 * <p>Why a separate bound: an open stream does not hold one of the in-flight permits of the request
 * limiter (a watch may stay open for hours and would starve every write), but each holds up to one
 * high-water mark of buffered output (64 KiB by default) plus one chunk, so the count must still be
 * bounded. A request for a stream beyond the bound gets 429 {@code too_many_streams} with {@code
 * Retry-After}, like the in-flight limiter's 429.
 *
 * <p>Thread-safe: streams open and close on many event loops; {@link #closeAll} runs on the thread
 * closing the server. Invariant: {@code open.size() <= max}; after {@code closeAll} no stream is admitted
 * and every admitted one has been told to abort.
 */
public final class OpenStreams {

  /** Default bound: 256 streams x (64 KiB high-water mark + a chunk) is a few tens of MiB at worst. */
  public static final int DEFAULT_MAX_STREAMS = 256;

  private final int max;
  private final Set<StreamWriter> open = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  public OpenStreams(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max streams must be >= 1: " + max);
    }
    this.max = max;
  }

  /**
   * Admits {@code writer} unless {@code max} streams are open or the server is closing. Synchronized so
   * that check and insert are one step; it runs once per stream, not per chunk.
   */
  synchronized boolean tryOpen(StreamWriter writer) {
    if (shuttingDown || open.size() >= max) {
      return false;
    }
    open.add(writer);
    return true;
  }

  /** {@code writer} ended; frees its place. Idempotent. */
  void release(StreamWriter writer) {
    open.remove(writer);
  }

  /** Streams open now. */
  public int count() {
    return open.size();
  }

  /**
   * Refuses new streams and aborts every open one: each closes its source on its event loop and then its
   * connection (HTTP/1.1) or stream (HTTP/2, RST_STREAM CANCEL). Does not wait.
   */
  public void closeAll() {
    // Under the monitor: a tryOpen either finished before (its writer is in the set, and visible) or
    // comes after and sees the flag.
    synchronized (this) {
      shuttingDown = true;
    }
    for (StreamWriter writer : open) {
      writer.abort();
    }
  }
}
