package io.raftkv.kv.http.stream;

/**
 * How a {@link ChunkSource} that had nothing to give ({@link ChunkSource#next} returned {@code null}) tells
 * the HTTP layer it now has: the layer then pulls again on the stream's event loop.
 *
 * <p>Thread-safe and cheap; calls coalesce, and a call after the stream ended is ignored. Call it after
 * the new data is visible to {@code next()}: a pull that runs before the data is visible would return
 * {@code null} again and wait for a signal that has already been spent.
 */
@FunctionalInterface
public interface DataSignal {
  void dataAvailable();
}
