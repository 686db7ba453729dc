package io.raftkv.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A snapshot made of named sections, each streamed by its own owner (for example a node's member table,
 * then its key-value state), without knowing any section's length in advance and without buffering one.
 *
 * <p>Layout: magic {@code "RSEC"}, version byte 1, then per section: name (u16 length + UTF-8) and its
 * bytes as chunks (u32 length + bytes; a zero length ends the section); an empty name ends the snapshot.
 * A reader can skip a section it does not know, so a new section does not break an older reader.
 */
public final class SnapshotSections {

  static final byte[] MAGIC = {'R', 'S', 'E', 'C'};
  static final int VERSION = 1;
  private static final int CHUNK_BYTES = 64 << 10;

  private SnapshotSections() {}

  /** Writes one section's body. */
  @FunctionalInterface
  public interface SectionWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes sections in order to an underlying stream. */
  public static final class Writer {
    private final DataOutputStream out;
    private boolean finished;

    public Writer(OutputStream out) throws IOException {
      this.out = new DataOutputStream(out);
      this.out.write(MAGIC);
      this.out.writeByte(VERSION);
    }

    public Writer section(String name, SectionWriter body) throws IOException {
      if (finished || name.isEmpty()) {
        throw new IllegalStateException(finished ? "sections already finished" : "a section needs a name");
      }
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      out.writeShort(n.length);
      out.write(n);
      ChunkedOutput chunks = new ChunkedOutput(out);
      body.writeTo(chunks);
      chunks.finish();
      return this;
    }

    /** Ends the snapshot (flushes, does not close the underlying stream). */
    public void finish() throws IOException {
      finished = true;
      out.writeShort(0);
      out.flush();
    }
  }

  /** Reads sections in order; each section's stream must be consumed or skipped before the next. */
  public static final class Reader {
    private final DataInputStream in;
    private ChunkedInput current;

    /** Reads the header; {@code in} must start with {@link #MAGIC} (see {@link #startsWithMagic}). */
    public Reader(InputStream in) throws IOException {
      this.in = new DataInputStream(in);
      byte[] magic = this.in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a sectioned snapshot (bad magic)");
      }
      int version = this.in.read();
      if (version != VERSION) {
        throw new IOException("unsupported sectioned snapshot version " + version + " (this build reads "
            + VERSION + ")");
      }
    }

    /** The next section's name, or null at the end; skips whatever of the previous section was not read. */
    public String next() throws IOException {
      if (current != null) {
        current.skipToEnd();
      }
      int len;
      try {
        len = in.readUnsignedShort();
      } catch (EOFException e) {
        throw new IOException("snapshot truncated: no end marker after the last section", e);
      }
      if (len == 0) {
        current = null;
        return null;
      }
      String name = new String(in.readNBytes(len), StandardCharsets.UTF_8);
      current = new ChunkedInput(in);
      return name;
    }

    /** The body of the section {@link #next} returned; ends (read returns -1) where the section ends. */
    public InputStream body() {
      if (current == null) {
        throw new IllegalStateException("no current section");
      }
      return current;
    }
  }

  /** True if {@code prefix} (the first bytes of a snapshot) is the sectioned format's magic. */
  public static boolean startsWithMagic(byte[] prefix) {
    return prefix.length >= MAGIC.length && Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** Buffers a section's bytes and emits them as length-prefixed chunks. */
  private static final class ChunkedOutput extends OutputStream {
    private final DataOutputStream out;
    private final byte[] buf = new byte[CHUNK_BYTES];
    private int pos;

    ChunkedOutput(DataOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (pos == buf.length) {
        emit();
      }
      buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (pos == buf.length) {
          emit();
        }
        int n = Math.min(len, buf.length - pos);
        System.arraycopy(b, off, buf, pos, n);
        pos += n;
        off += n;
        len -= n;
      }
    }

    private void emit() throws IOException {
      if (pos > 0) {
        out.writeInt(pos);
        out.write(buf, 0, pos);
        pos = 0;
      }
    }

    void finish() throws IOException {
      emit();
      out.writeInt(0);
    }

    @Override
    public void close() {
      // The section ends at finish(); the underlying stream belongs to the Writer.
    }
  }

  /** The bytes of one section, chunk by chunk; -1 at its end marker. */
  private static final class ChunkedInput extends InputStream {
    private final DataInputStream in;
    private int left; // bytes left in the current chunk
    private boolean ended;

    ChunkedInput(DataInputStream in) {
      this.in = in;
    }

    private boolean fill() throws IOException {
      while (left == 0 && !ended) {
        int n;
        try {
          n = in.readInt();
        } catch (EOFException e) {
          throw new IOException("snapshot truncated inside a section", e);
        }
        if (n < 0) {
          throw new IOException("corrupt snapshot: negative chunk length " + n);
        }
        if (n == 0) {
          ended = true;
        }
        left = n;
      }
      return !ended || left > 0;
    }

    @Override
    public int read() throws IOException {
      if (!fill()) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new IOException("snapshot truncated inside a section");
      }
      left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = in.read(b, off, Math.min(len, left));
      if (n < 0) {
        throw new IOException("snapshot truncated inside a section");
      }
      left -= n;
      return n;
    }

    void skipToEnd() throws IOException {
      byte[] scratch = new byte[8192];
      while (read(scratch, 0, scratch.length) >= 0) {
        // Discard the rest of this section.
      }
    }

    @Override
    public void close() {
      // Owned by the Reader.
    }
  }
}
