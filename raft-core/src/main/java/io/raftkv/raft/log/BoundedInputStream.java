package io.raftkv.raft.log;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first {@code limit} bytes of a stream (a snapshot file's data without its footer, a backup's data); closing it closes
 * the underlying stream. A stream that ends early fails instead of passing for a shorter snapshot.
 */
public final class BoundedInputStream extends FilterInputStream {

  private long remaining;

  public BoundedInputStream(InputStream in, long limit) {
    super(in);
    this.remaining = limit;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = super.read();
    if (b < 0) {
      throw new IOException("stream ended " + remaining + " bytes early");
    }
    remaining--;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return len == 0 ? 0 : -1;
    }
    int n = super.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new IOException("stream ended " + remaining + " bytes early");
    }
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, remaining));
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), remaining);
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
