package io.raftkv.kv.server;

import io.raftkv.server.NodeOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one RaftKV node process needs to start (the {@code raftkv server} flags).
 *
 * @param id this node's id; must be a member of {@code cluster}
 * @param dataDir where the log, hard state and snapshots live
 * @param peerAddress where the Raft transport listens
 * @param clientAddress where the HTTP API listens (may be a wildcard address, then {@code advertiseClientUrl}
 *     is required)
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
 * @param advertiseClientUrl the client URL this node gives others (null: derived from {@code clientAddress})
 * @param budget the heap the store may take: history bound and write quota
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
    String localControl,
    String advertiseClientUrl,
    StoreBudget budget) {

  /** Watch streams a node admits by default ({@code --max-open-streams}). */
  public static final int DEFAULT_MAX_OPEN_STREAMS = 1024;

  public static final long DEFAULT_PROMOTE_MAX_LAG = 1000;

  /** With the default {@link CompactionRetention}, stream bound and {@code promoteMaxLag}. */
  public ServerConfig(String id, Path dataDir, InetSocketAddress peerAddress, InetSocketAddress clientAddress,
      ClusterSpec cluster, String clusterId, NodeOptions node, int maxValueBytes, Duration requestTimeout,
      boolean unsafeLocalReads) {
    this(id, dataDir, peerAddress, clientAddress, cluster, clusterId, node, maxValueBytes, requestTimeout,
        unsafeLocalReads, CompactionRetention.DEFAULT, DEFAULT_MAX_OPEN_STREAMS, DEFAULT_PROMOTE_MAX_LAG, null, null,
        null, StoreBudget.forThisHeap());
  }

  /** Without {@code localControl} (not started by {@code raftkv local}), advertising {@code clientAddress}. */
  public ServerConfig(String id, Path dataDir, InetSocketAddress peerAddress, InetSocketAddress clientAddress,
      ClusterSpec cluster, String clusterId, NodeOptions node, int maxValueBytes, Duration requestTimeout,
      boolean unsafeLocalReads, CompactionRetention compaction, int maxOpenStreams, long promoteMaxLag,
      InetSocketAddress metricsAddress) {
    this(id, dataDir, peerAddress, clientAddress, cluster, clusterId, node, maxValueBytes, requestTimeout,
        unsafeLocalReads, compaction, maxOpenStreams, promoteMaxLag, metricsAddress, null, null,
        StoreBudget.forThisHeap());
  }

  public ServerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(peerAddress, "peerAddress");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(compaction, "compaction");
    Objects.requireNonNull(budget, "budget");
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
    advertiseClientUrl = advertisedClientUrl(clientAddress, advertiseClientUrl);
  }

  /**
   * The client URL a node bound at {@code client} advertises: {@code flag} (checked like a member table
   * URL, one trailing '/' dropped) or, without it, {@code http://} + {@code client}. Throws
   * {@link IllegalArgumentException} naming the flag when the URL is malformed or names a wildcard
   * address, or when {@code client} is a wildcard and no flag is given.
   */
  public static String advertisedClientUrl(InetSocketAddress client, String flag) {
    if (flag == null) {
      if (ClusterSpec.isWildcard(client)) {
        throw new IllegalArgumentException("--client " + MemberAddress.hostPort(client) + " is a wildcard address"
            + " other nodes and clients cannot reach; give --advertise-client-url http://HOST:PORT");
      }
      return "http://" + MemberAddress.hostPort(client);
    }
    String url = flag.endsWith("/") ? flag.substring(0, flag.length() - 1) : flag;
    URI u;
    try {
      u = MemberAddress.checkUrl(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--advertise-client-url: " + e.getMessage(), e);
    }
    if (ClusterSpec.isWildcard(InetSocketAddress.createUnresolved(u.getHost(), u.getPort()))) {
      throw new IllegalArgumentException("--advertise-client-url " + flag + " names a wildcard address; give a "
          + "host other nodes and clients can reach");
    }
    return url;
  }

  public String effectiveClusterId() {
    return clusterId != null ? clusterId : cluster.derivedClusterId();
  }
}
