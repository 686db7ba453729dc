package io.raftkv.kv.server;

import io.raftkv.server.NodeOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one RaftKV node process needs to start (the {@code raftkv server} flags).
 *
 * @param id this node's id; must be a member of {@code cluster}
 * @param dataDir where the log, hard state and snapshots live
 * @param peerAddress where the Raft transport listens
 * @param clientAddress where the HTTP API listens
 * @param cluster founding members (checked, not reapplied, when the data dir already holds a cluster)
 * @param clusterId explicit cluster id, or {@code null} to derive it from {@code cluster}
 * @param node Raft runtime timing and limits
 * @param maxValueBytes largest value accepted
 * @param requestTimeout how long a write or read waits for commit/confirmation before 504
 * @param unsafeLocalReads TEST ONLY: answer linearizable GETs from the local state machine without a
 *     ReadIndex round, so the fault-injection suite can prove its checker catches stale reads
 * @param metricsAddress where to serve {@code /metrics}, {@code /livez} and {@code /readyz} on a separate
 *     plain HTTP port ({@code --metrics-listen}), or null for the client port only
 */
public record ServerConfig(
    String id,
    Path dataDir,
    InetSocketAddress peerAddress,
    InetSocketAddress clientAddress,
    ClusterSpec cluster,
    String clusterId,
    NodeOptions node,
    int maxValueBytes,
    Duration requestTimeout,
    boolean unsafeLocalReads,
    InetSocketAddress metricsAddress) {

  /** Without a separate metrics port. */
  public ServerConfig(String id, Path dataDir, InetSocketAddress peerAddress, InetSocketAddress clientAddress,
      ClusterSpec cluster, String clusterId, NodeOptions node, int maxValueBytes, Duration requestTimeout,
      boolean unsafeLocalReads) {
    this(id, dataDir, peerAddress, clientAddress, cluster, clusterId, node, maxValueBytes, requestTimeout,
        unsafeLocalReads, null);
  }

  public ServerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(peerAddress, "peerAddress");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(node, "node");
    if (!ClusterSpec.ID.matcher(id).matches()) {
      throw new IllegalArgumentException("bad --id '" + id + "': use letters, digits, '-', '_' or '.'");
    }
    if (!cluster.members().containsKey(id)) {
      throw new IllegalArgumentException("--id " + id + " is not a member of --cluster " + cluster.format());
    }
    if (cluster.members().get(id).getPort() != peerAddress.getPort()) {
      throw new IllegalArgumentException("--peer port " + peerAddress.getPort() + " differs from this node's"
          + " --cluster entry " + id + "=" + cluster.members().get(id).getHostString() + ":"
          + cluster.members().get(id).getPort());
    }
    if (maxValueBytes <= 0) {
      throw new IllegalArgumentException("--max-value-bytes must be positive");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("--request-timeout-ms must be positive");
    }
  }

  public String effectiveClusterId() {
    return clusterId != null ? clusterId : cluster.derivedClusterId();
  }
}
