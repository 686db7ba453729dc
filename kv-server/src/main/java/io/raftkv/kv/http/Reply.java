package io.raftkv.kv.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.raftkv.kv.http.stream.StreamWriter;
import io.raftkv.kv.http.stream.StreamingResponse;

/**
 * What a route answers: a complete response (every endpoint of the API table today) or a streamed one
 * (a {@link StreamingResponse}, written by {@link StreamWriter}). Whoever holds a
 * reply owns its resources until it hands it on or {@link #discard}s it.
 */
sealed interface Reply permits Reply.Full, Reply.Streamed {

  record Full(FullHttpResponse response) implements Reply {}

  record Streamed(StreamingResponse response) implements Reply {}

  static Reply full(FullHttpResponse response) {
    return new Full(response);
  }

  static Reply streamed(StreamingResponse response) {
    return new Streamed(response);
  }

  /** Frees a reply that will not be written (the connection closed first). */
  default void discard() {
    if (this instanceof Full full) {
      full.response().release();
    } else if (this instanceof Streamed streamed) {
      StreamWriter.discard(streamed.response());
    }
  }
}
