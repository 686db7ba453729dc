package io.raftkv.kv.server;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Who a data directory belongs to: node id, cluster id and the founding membership, written once when
 * the node first starts (temp file, fsync, atomic rename) and checked at every restart, so a data dir is
 * never reused by another node or joined to another cluster by mistake.
 */
record NodeIdentity(String nodeId, String clusterId, String founders) {

  static final String FILE = "node.properties";

  /** Loads the identity of {@code dataDir}, or creates it from {@code config} for a new node. */
  static NodeIdentity loadOrCreate(Path dataDir, ServerConfig config) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        NodeIdentity stored = new NodeIdentity(p.getProperty("node.id"), p.getProperty("cluster.id"),
            p.getProperty("cluster.founders"));
        if (stored.nodeId() == null || stored.clusterId() == null) {
          throw new IllegalStateException(file + " is incomplete; refusing to start");
        }
        return stored;
      }
      return create(dataDir, new NodeIdentity(config.id(), config.effectiveClusterId(), config.cluster().format()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code fresh} as the identity of {@code dataDir} (durably: temp file, fsync, rename, dir fsync). */
  static NodeIdentity create(Path dataDir, NodeIdentity fresh) {
    Path file = dataDir.resolve(FILE);
    try {
      Path tmp = dataDir.resolve(FILE + ".tmp");
      String text = "# Written when this node first started; do not edit.\n"
          + "node.id=" + fresh.nodeId() + "\ncluster.id=" + fresh.clusterId() + "\ncluster.founders="
          + fresh.founders() + "\n";
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel dir = FileChannel.open(dataDir, StandardOpenOption.READ)) {
        dir.force(true);
      }
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Fails when the data dir belongs to another node or cluster. */
  void check(ServerConfig config) {
    if (!nodeId.equals(config.id())) {
      throw new IllegalStateException("data dir " + config.dataDir() + " belongs to node " + nodeId
          + ", not " + config.id());
    }
    if (config.clusterId() != null && !clusterId.equals(config.clusterId())) {
      throw new IllegalStateException("data dir " + config.dataDir() + " belongs to cluster " + clusterId
          + ", not --cluster-id " + config.clusterId());
    }
  }
}
