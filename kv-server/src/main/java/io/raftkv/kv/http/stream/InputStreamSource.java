package io.raftkv.kv.http.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A {@link ChunkSource} over an {@link InputStream} (a snapshot file): one block per pull, so the body is
 * read only as fast as the client takes it and never held whole. The end carries the SHA-256 of every
 * byte sent as the trailer {@code trailerName} (hex), so a client can verify what it stored.
 *
 * <p>NB: {@link #next} reads the stream on the event loop. That is a bounded read of a local file (what
 * Netty's own ChunkedFile does), not a wait on the network or on another thread.
 */
public final class InputStreamSource implements ChunkSource {

  static final int BLOCK_BYTES = 64 << 10;

  private final InputStream in;
  private final String trailerName;
  private final MessageDigest sha256;

  public InputStreamSource(InputStream in, String trailerName) {
    this.in = in;
    this.trailerName = trailerName;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public Chunk next(ByteBufAllocator alloc) throws IOException {
    byte[] block = in.readNBytes(BLOCK_BYTES);
    if (block.length == 0) {
      HttpHeaders trailers = new DefaultHttpHeaders();
      trailers.set(trailerName, HexFormat.of().formatHex(sha256.digest()));
      return Chunk.end(trailers);
    }
    sha256.update(block);
    ByteBuf buf = alloc.buffer(block.length);
    buf.writeBytes(block);
    return Chunk.data(buf);
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // Nothing left to do with a source that is done.
    }
  }
}
