package io.raftkv.kv.server;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backup file ({@code GET /v1/snapshot}, {@code raftkv snapshot save}): a header, the node snapshot
 * exactly as the state machine wrote it (its sections: the member table when the node layer has one,
 * then the KV store), and the SHA-256 of everything before it, so a copy can be verified offline.
 *
 * <p>Layout (v1): magic {@code "RKVBAK"}, version byte 1, then (DataOutput encoding) index:i64, term:i64,
 * clusterId:UTF, voters (u16 count + UTF each), learners (same), dataBytes:i64; the data; SHA-256 (32).
 * The voters and learners are the Raft configuration the snapshot carries.
 */
final class BackupFormat {

  static final byte[] MAGIC = {'R', 'K', 'V', 'B', 'A', 'K'};
  static final int VERSION = 1;
  static final int DIGEST_BYTES = 32;

  /** A backup's header. */
  record Header(long index, long term, String clusterId, Set<String> voters, Set<String> learners, long dataBytes) {

    SnapshotMetadata metadata(ConfState confState) {
      return new SnapshotMetadata(index, term, confState, dataBytes);
    }
  }

  private BackupFormat() {}

  static byte[] header(SnapshotMetadata md, String clusterId) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeByte(VERSION);
    out.writeLong(md.index());
    out.writeLong(md.term());
    out.writeUTF(clusterId);
    writeIds(out, md.confState().voters());
    writeIds(out, md.confState().learners());
    out.writeLong(md.sizeBytes());
    return bytes.toByteArray();
  }

  private static void writeIds(DataOutputStream out, Set<String> ids) throws IOException {
    out.writeShort(ids.size());
    for (String id : new TreeSet<>(ids)) {
      out.writeUTF(id);
    }
  }

  /** Reads a header; {@code in} is positioned at the start of the data afterwards. */
  static Header readHeader(DataInputStream in) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new BackupException("not a RaftKV backup file (bad magic)");
    }
    int version = in.read();
    if (version != VERSION) {
      throw new BackupException("unsupported backup version " + version + " (this build reads " + VERSION + ")");
    }
    long index = in.readLong();
    long term = in.readLong();
    String clusterId = in.readUTF();
    Set<String> voters = readIds(in);
    Set<String> learners = readIds(in);
    long dataBytes = in.readLong();
    if (index < 1 || term < 1 || dataBytes < 0) {
      throw new BackupException("corrupt backup header: index " + index + ", term " + term + ", " + dataBytes + " bytes");
    }
    return new Header(index, term, clusterId, voters, learners, dataBytes);
  }

  private static Set<String> readIds(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(in.readUTF());
    }
    return new TreeSet<>(ids);
  }

  /** The whole backup as a stream: header, then {@code data} (closed with it), then the digest. */
  static InputStream encode(SnapshotMetadata md, String clusterId, InputStream data) throws IOException {
    return new DigestTrailerStream(new ByteArrayInputStream(header(md, clusterId)), data);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Header bytes, then data bytes, then the SHA-256 of both. */
  private static final class DigestTrailerStream extends InputStream {
    private final InputStream header;
    private final InputStream data;
    private final MessageDigest digest = sha256();
    private ByteArrayInputStream trailer;

    DigestTrailerStream(InputStream header, InputStream data) {
      this.header = header;
      this.data = data;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (trailer == null) {
        int n = header.read(b, off, len);
        if (n < 0) {
          n = data.read(b, off, len);
        }
        if (n >= 0) {
          digest.update(b, off, n);
          return n;
        }
        trailer = new ByteArrayInputStream(digest.digest());
      }
      return trailer.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      data.close();
    }
  }
}
