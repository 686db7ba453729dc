package io.raftkv.server;

import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test state machine whose state lives in a file, not the heap, so it can grow far beyond {@code -Xmx}:
 * the command {@code "grow N"} appends N MiB of pseudo-random bytes seeded by the entry's index (every
 * replica computes the same bytes). Snapshot and restore copy the file through a 64 KiB buffer, so any
 * array that holds a whole snapshot can only come from the Raft plumbing under test.
 */
final class FileStateMachine implements StateMachine {

  private static final int BUFFER = 64 << 10;
  private final Path file;
  volatile long lastIndex;

  FileStateMachine(Path file) throws IOException {
    this.file = file;
    Files.deleteIfExists(file);
    Files.createFile(file);
  }

  @Override
  public void apply(List<Entry> entries) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (Entry e : entries) {
        if (e.type() == EntryType.NORMAL && e.data().length > 0) {
          String cmd = new String(e.data(), StandardCharsets.UTF_8);
          if (!cmd.startsWith("grow ")) {
            throw new IllegalStateException("unknown command " + cmd);
          }
          grow(ch, Integer.parseInt(cmd.substring(5)), e.index());
        }
        lastIndex = e.index();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void grow(FileChannel ch, int mib, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    for (long left = (long) mib << 20; left > 0; left -= BUFFER) {
      buf.clear();
      while (buf.hasRemaining()) {
        buf.putLong(random.nextLong());
      }
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(out);
    }
  }

  @Override
  public void restore(InputStream in) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".restoring");
    try (OutputStream out = Files.newOutputStream(temp)) {
      in.transferTo(out);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    lastIndex = 0;
  }

  long sizeBytes() throws IOException {
    return Files.size(file);
  }

  String sha256() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[BUFFER];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
