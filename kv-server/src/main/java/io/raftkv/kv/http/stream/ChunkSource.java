package io.raftkv.kv.http.stream;

import io.netty.buffer.ByteBufAllocator;

/**
 * The body of a streamed response, pulled by the HTTP layer one chunk at a time.
 *
 * <p>Why pull: the layer asks for the next chunk only while the channel (the HTTP/1.1 connection, or the
 * HTTP/2 stream's child channel) is writable, so a slow client makes the source wait instead of making
 * the node buffer. Every consumer we expect can be pulled: a watch reads the next events from the store's
 * history, a snapshot reads the next block of a file, the dashboard's feed reads a drop-oldest ring.
 *
 * <p>Contract. Every call comes from the stream's event loop, one at a time, so an implementation needs no
 * locking for state only these methods touch. {@link #start} is called once, first; then {@link #next}
 * any number of times; then {@link #close} exactly once, whatever ended the stream (the source's own
 * {@link Chunk.End}, an exception from the source, the client closing the connection or resetting the
 * stream, a write failure, or the server shutting down). After {@code close} no method is called again.
 * None of them may block: the event loop serves other connections.
 */
public interface ChunkSource {

  /**
   * Called once before the first {@link #next}. A source that can run dry keeps {@code signal} and calls
   * it when data arrives after a {@code next()} returned {@code null}.
   */
  default void start(DataSignal signal) throws Exception {}

  /**
   * The next chunk, or {@code null} if there is none right now (the layer then waits for {@link
   * DataSignal#dataAvailable}). Returning {@link Chunk.End} ends the stream. An exception ends the stream
   * as a failure: on HTTP/1.1 the connection closes (the status line has gone already), on HTTP/2 the
   * stream is reset with INTERNAL_ERROR.
   *
   * @param alloc the channel's allocator, for sources that fill buffers themselves
   */
  Chunk next(ByteBufAllocator alloc) throws Exception;

  /** Releases what the source holds (a watcher registration, a file). Called exactly once. */
  void close();
}
