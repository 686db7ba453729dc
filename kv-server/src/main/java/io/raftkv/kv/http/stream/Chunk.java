package io.raftkv.kv.http.stream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;

/**
 * What a {@link ChunkSource} hands the HTTP layer on each pull: a piece of the body, or the end of it.
 *
 * <p>Ownership: the {@link ByteBuf} of a {@link Data} passes to the HTTP layer, which writes and releases
 * it; the source must not touch it afterwards.
 */
public sealed interface Chunk permits Chunk.Data, Chunk.End {

  /** A piece of the body: an HTTP/1.1 chunk, or one HTTP/2 DATA frame (split by the codec if large). */
  record Data(ByteBuf content) implements Chunk {
    public Data {
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * The end of the body, with optional trailers (HTTP/1.1 chunked trailer section, or an HTTP/2 HEADERS
   * frame with END_STREAM). Trailers are dropped for an HTTP/1.0 client, whose body ends at the close.
   */
  record End(HttpHeaders trailers) implements Chunk {
    public End {
      Objects.requireNonNull(trailers, "trailers");
    }
  }

  static Chunk data(ByteBuf content) {
    return new Data(content);
  }

  static Chunk end() {
    return new End(new DefaultHttpHeaders());
  }

  static Chunk end(HttpHeaders trailers) {
    return new End(trailers);
  }
}
