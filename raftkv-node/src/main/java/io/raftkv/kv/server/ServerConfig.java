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
 * @param promoteMaxLag a learner is promoted (by request or {@code autoPromote}) only when it is within this
 *     many entries of the leader's commitIndex ({@code --promote-max-lag})
 * @param unsafeLocalReads TEST ONLY: answer linearizable GETs from the local state machine without a
 *     ReadIndex round, so the fault-injection suite can prove its checker catches stale reads
 * @param compaction how much revision history the leader keeps before proposing a compaction
 * @param maxOpenStreams streamed responses (watches) open at once before 429 {@code too_many_streams}
 * @param metricsAddress where to serve {@code /metrics}, {@code /livez} and {@code /readyz} on a separate
 *     plain HTTP port ({@code --metrics-listen}), or null for the client port only
 * @param localControl the control URL of the {@code raftkv local} launcher that started this node (the
 *     hidden {@code --local-control} flag), or null: only with it does the node serve
 *     {@code /v1/local/isolation} and point the dashboard at the launcher's buttons
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
    CompactionRetention compaction,
    int maxOpenStreams,
    long promoteMaxLag,
    InetSocketAddress metricsAddress,
    String localControl) {

  /** Watch streams a node admits by default ({@code --max-open-streams}). */
  public static final int DEFAULT_MAX_OPEN_STREAMS = 1024;

  public static final long DEFAULT_PROMOTE_MAX_LAG = 1000;

  /** With the default {@link CompactionRetention}, stream bound and {@code promoteMaxLag}. */
  public ServerConfig(String id, Path dataDir, InetSocketAddress peerAddress, InetSocketAddress clientAddress,
      ClusterSpec cluster, String clusterId, NodeOptions node, int maxValueBytes, Duration requestTimeout,
      boolean unsafeLocalReads) {
    this(id, dataDir, peerAddress, clientAddress, cluster, clusterId, node, maxValueBytes, requestTimeout,
        unsafeLocalReads, CompactionRetention.DEFAULT, DEFAULT_MAX_OPEN_STREAMS, DEFAULT_PROMOTE_MAX_LAG, null, null);
  }

  /** Without {@code localControl}: not started by {@code raftkv local}. */
  public ServerConfig(String id, Path dataDir, InetSocketAddress peerAddress, InetSocketAddress clientAddress,
      ClusterSpec cluster, String clusterId, NodeOptions node, int maxValueBytes, Duration requestTimeout,
      boolean unsafeLocalReads, CompactionRetention compaction, int maxOpenStreams, long promoteMaxLag,
      InetSocketAddress metricsAddress) {
    this(id, dataDir, peerAddress, clientAddress, cluster, clusterId, node, maxValueBytes, requestTimeout,
        unsafeLocalReads, compaction, maxOpenStreams, promoteMaxLag, metricsAddress, null);
  }

  public ServerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(peerAddress, "peerAddress");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(compaction, "compaction");
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
    if (maxOpenStreams < 1) {
      throw new IllegalArgumentException("--max-open-streams must be positive");
    }
    if (maxValueBytes <= 0) {
      throw new IllegalArgumentException("--max-value-bytes must be positive");
    }
    if (promoteMaxLag < 0) {
      throw new IllegalArgumentException("--promote-max-lag must be >= 0");
    }
    if (localControl != null && !localControl.matches("http://(127\\.0\\.0\\.1|localhost):\\d{1,5}")) {
      throw new IllegalArgumentException("--local-control must be http://127.0.0.1:PORT (got " + localControl + ")");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("--request-timeout-ms must be positive");
    }
  }

  public String effectiveClusterId() {
    return clusterId != null ? clusterId : cluster.derivedClusterId();
  }
}
