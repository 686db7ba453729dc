package io.raftkv.kv.server;

import io.raftkv.kv.KvCodecException;
import io.raftkv.kv.KvSnapshotSummary;
import io.raftkv.raft.log.BoundedInputStream;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.storage.DurableStorage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Offline operations on backup files ({@link BackupFormat}): verify and summarize one, and restore one
 * into the data directory of a node of a NEW cluster. Both read the file as a stream, so a backup larger
 * than the heap works.
 */
public final class Backups {

  private static final int CHUNK_BYTES = 1 << 20;

  private Backups() {}

  /**
   * What a verified backup holds.
   *
   * @param sha256 the SHA-256 of the whole file (what {@code sha256sum} prints; the HTTP trailer's value)
   */
  public record Info(long index, long term, String clusterId, Set<String> voters, Set<String> learners,
      long dataBytes, long fileBytes, String sha256, long keys, long revision) {}

  /**
   * Verifies {@code file} completely (its SHA-256, the header, every key and checksum of the state) and
   * summarizes it.
   *
   * @throws BackupException with a readable reason if anything fails to verify
   */
  public static Info verify(Path file) throws IOException {
    MessageDigest whole = BackupFormat.sha256();
    MessageDigest body = BackupFormat.sha256();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 256 << 10)) {
      DigestInputStream wholeDigest = new DigestInputStream(raw, whole);
      DataInputStream in = new DataInputStream(new DigestInputStream(wholeDigest, body));
      BackupFormat.Header h = BackupFormat.readHeader(in);
      KvSnapshotSummary kv;
      BoundedInputStream data = new BoundedInputStream(in, h.dataBytes());
      try {
        kv = KvReplica.verifyKv(data);
        if (data.read() >= 0) {
          throw new BackupException("backup data continues past the end of the snapshot");
        }
      } catch (KvCodecException e) {
        throw new BackupException("corrupt backup " + file + ": " + e.getMessage(), e);
      }
      byte[] expected = body.digest();
      byte[] stored = wholeDigest.readNBytes(BackupFormat.DIGEST_BYTES);
      if (!Arrays.equals(expected, stored)) {
        throw new BackupException("corrupt backup " + file + ": SHA-256 mismatch (the file was changed or truncated)");
      }
      if (wholeDigest.read() >= 0) {
        throw new BackupException("corrupt backup " + file + ": bytes after the checksum");
      }
      return new Info(h.index(), h.term(), h.clusterId(), h.voters(), h.learners(), h.dataBytes(), Files.size(file),
          HexFormat.of().formatHex(whole.digest()), kv.keys(), kv.revision());
    } catch (EOFException e) {
      throw new BackupException("corrupt backup " + file + ": truncated", e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("ended")) {
        throw new BackupException("corrupt backup " + file + ": truncated", e);
      }
      throw e;
    }
  }

  /**
   * Creates the data directory of node {@code nodeId} of a new cluster whose members are {@code cluster},
   * holding the state of {@code file} (verified first) as its snapshot. Every founder of the new cluster
   * is restored from the same file with the same {@code cluster}; they then start with {@code raftkv
   * server} as usual. The new cluster id is {@code clusterId} if given, else derived from the backup's
   * hash and {@code cluster}, so it differs from the old cluster's id and the old nodes' transport
   * refuses to talk to the new ones.
   *
   * @return the new cluster's id
   * @throws BackupException if the file does not verify, the dir is not empty, or the id is not a member
   */
  public static String restore(Path file, Path dataDir, String nodeId, ClusterSpec cluster, String clusterId)
      throws IOException {
    if (!cluster.members().containsKey(nodeId)) {
      throw new BackupException("--id " + nodeId + " is not one of the --cluster members " + cluster.format());
    }
    if (Files.exists(dataDir)) {
      try (Stream<Path> entries = Files.list(dataDir)) {
        if (entries.findAny().isPresent()) {
          throw new BackupException("data dir " + dataDir + " is not empty; restore only creates new nodes");
        }
      }
    }
    Info info = verify(file);
    String newId = clusterId != null ? clusterId : derivedClusterId(info.sha256(), cluster);
    if (newId.equals(info.clusterId())) {
      throw new BackupException("the new cluster id must differ from the backed-up cluster's (" + newId + ")");
    }
    Files.createDirectories(dataDir);
    // The backup's member table names the old cluster's addresses; the new cluster's members come from
    // --cluster (and announce their own addresses), so the restored snapshot leaves the table out.
    Path staged = Files.createTempFile(dataDir, "restore-", ".snap");
    try {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 256 << 10));
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(staged), 256 << 10)) {
        BackupFormat.readHeader(in);
        KvReplica.copyWithoutMembers(new BoundedInputStream(in, info.dataBytes()), out);
      }
      install(staged, dataDir, info, cluster);
    } finally {
      Files.deleteIfExists(staged);
    }
    NodeIdentity.create(dataDir, new NodeIdentity(nodeId, newId, cluster.format()));
    return newId;
  }

  private static void install(Path snapshot, Path dataDir, Info info, ClusterSpec cluster) throws IOException {
    long size = Files.size(snapshot);
    ConfState conf = ConfState.ofVoters(cluster.members().keySet());
    SnapshotMetadata md = new SnapshotMetadata(info.index(), info.term(), conf, size);
    try (DurableStorage storage = DurableStorage.open(dataDir.resolve(KvServer.RAFT_DIR), DurableStorage.Options.defaults());
        InputStream in = new BufferedInputStream(Files.newInputStream(snapshot), 256 << 10)) {
      long offset = 0;
      do {
        byte[] chunk = in.readNBytes((int) Math.min(CHUNK_BYTES, size - offset));
        if (chunk.length == 0 && offset < size) {
          throw new BackupException("restore staging file " + snapshot + " changed while it was installed");
        }
        boolean done = offset + chunk.length == size;
        storage.writeSnapshotChunk(md, offset, chunk, done);
        offset += chunk.length;
      } while (offset < size);
      storage.installSnapshot(md);
      // The snapshot's term: no vote yet, everything in the snapshot committed.
      storage.setHardState(new HardState(info.term(), null, info.index()));
      storage.sync();
    }
  }

  private static String derivedClusterId(String backupSha256, ClusterSpec cluster) {
    byte[] digest = BackupFormat.sha256().digest(("restore\n" + backupSha256 + "\n" + cluster.format())
        .getBytes(StandardCharsets.UTF_8));
    return "restored-" + HexFormat.of().formatHex(digest, 0, 8);
  }

  /** The backup stream for the current snapshot {@code md}, whose data is {@code data} (closed with it). */
  static InputStream encode(SnapshotMetadata md, String clusterId, InputStream data) throws IOException {
    return BackupFormat.encode(md, clusterId, data);
  }
}
