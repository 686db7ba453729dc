package io.raftkv.cli;

import io.raftkv.kv.server.ClusterSpec;
import io.raftkv.kv.server.CompactionRetention;
import io.raftkv.kv.server.KvServer;
import io.raftkv.kv.server.ServerConfig;
import io.raftkv.kv.server.StoreBudget;
import io.raftkv.server.NodeOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import io.raftkv.cli.member.Join;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code raftkv server}: runs one node in the foreground until SIGTERM/SIGINT. */
@Command(name = "server", description = "Run one RaftKV node.", mixinStandardHelpOptions = true)
public final class ServerCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--id", required = true, description = "This node's id, e.g. n1.")
  String id;

  @Option(names = "--data-dir", required = true, description = "Directory for the log, hard state and snapshots.")
  Path dataDir;

  @Option(names = "--peer", required = true,
      description = "HOST:PORT the Raft peer transport listens on (0.0.0.0:PORT for every interface).")
  String peer;

  @Option(names = "--client", required = true,
      description = "HOST:PORT the HTTP API listens on (0.0.0.0:PORT for every interface).")
  String client;

  @Option(names = "--advertise-client-url", paramLabel = "URL",
      description = "http://HOST:PORT other members and clients reach this node's HTTP API at, as it goes into "
          + "the member table (default: http:// + --client; required when --client is a wildcard address).")
  String advertiseClientUrl;

  @Option(names = "--advertise-peer-address", paramLabel = "HOST:PORT",
      description = "HOST:PORT other members dial this node's peer transport at (default: --peer for --join, "
          + "this node's --cluster entry for a founder, which must then equal it; required with --join when "
          + "--peer is a wildcard address). Its port must be --peer's.")
  String advertisePeerAddress;

  @Option(names = "--cluster",
      description = "Founding members of a NEW cluster: n1=HOST:PORT,n2=HOST:PORT,... (peer addresses). Only "
          + "bootstraps a brand-new cluster; on restart the replicated member table wins.")
  String cluster;

  @Option(names = "--join", split = ",", paramLabel = "URL",
      description = "Join a running cluster through any of its members' client URLs (instead of --cluster): "
          + "asks to be added as a learner, catches up, becomes a voter. Safe to rerun after a crash.")
  List<String> join;

  @Option(names = "--promote-max-lag", defaultValue = "1000",
      description = "A learner is promoted only within this many entries of the commit index (default: ${DEFAULT-VALUE}).")
  long promoteMaxLag;

  @Option(names = "--metrics-listen",
      description = "HOST:PORT to also serve /metrics, /livez and /readyz on, as plain HTTP (default: client port only).")
  String metricsListen;

  @Option(names = "--cluster-id", description = "Cluster id (default: derived from --cluster).")
  String clusterId;

  @Option(names = "--election-timeout-ms", defaultValue = "200",
      description = "Minimum election timeout T; followers wait a random time in [T, 2T) (default: ${DEFAULT-VALUE}).")
  long electionTimeoutMs;

  @Option(names = "--heartbeat-ms", defaultValue = "50", description = "Leader heartbeat interval (default: ${DEFAULT-VALUE}).")
  long heartbeatMs;

  @Option(names = "--tick-ms", defaultValue = "10", description = "Raft tick length (default: ${DEFAULT-VALUE}).")
  long tickMs;

  @Option(names = "--snapshot-entries", defaultValue = "50000",
      description = "Snapshot after this many applied entries (default: ${DEFAULT-VALUE}).")
  long snapshotEntries;

  @Option(names = "--snapshot-bytes", defaultValue = "67108864",
      description = "... or after this many bytes of applied entries (default: ${DEFAULT-VALUE}).")
  long snapshotBytes;

  @Option(names = "--retain-entries", defaultValue = "5000",
      description = "Log entries kept behind a snapshot for slow followers (default: ${DEFAULT-VALUE}).")
  long retainEntries;

  @Option(names = "--max-value-bytes", defaultValue = "1048576", description = "Largest value accepted (default: ${DEFAULT-VALUE}).")
  int maxValueBytes;

  @Option(names = "--max-pending", defaultValue = "20000",
      description = "Writes in flight before the node answers 429 (default: ${DEFAULT-VALUE}).")
  int maxPending;

  @Option(names = "--request-timeout-ms", defaultValue = "5000",
      description = "How long a request waits for commit before 504 (default: ${DEFAULT-VALUE}).")
  long requestTimeoutMs;

  @Option(names = "--lease-reads", description = "Serve linearizable reads by leader lease (needs bounded clock drift).")
  boolean leaseReads;

  @Option(names = "--no-pre-vote", negatable = false, description = "Disable PreVote.")
  boolean noPreVote;

  @Option(names = "--auto-compaction-retention-revisions", defaultValue = "10000",
      description = "Keep at least this many revisions of history (default: ${DEFAULT-VALUE}; 0 = no bound).")
  long retentionRevisions;

  @Option(names = "--auto-compaction-retention-minutes", defaultValue = "5",
      description = "Keep at least this many minutes of history (default: ${DEFAULT-VALUE}; 0 = no bound; "
          + "both 0 turns automatic compaction off).")
  long retentionMinutes;

  @Option(names = "--max-history-bytes", defaultValue = "auto", paramLabel = "BYTES",
      description = "Compact history inside the retention once it takes more than this much heap (estimated), "
          + "e.g. 64MiB (default: auto = 1/" + StoreBudget.HISTORY_HEAP_DIVISOR + " of the max heap; 0 = no bound).")
  String maxHistoryBytes;

  @Option(names = "--quota-bytes", defaultValue = "auto", paramLabel = "BYTES",
      description = "Refuse writes that add data with 507 no_space past this much heap for the whole store "
          + "(estimated), e.g. 1GiB (default: auto = 1/" + StoreBudget.QUOTA_HEAP_DIVISOR
          + " of the max heap; 0 = no quota).")
  String quotaBytes;

  @Option(names = "--max-open-streams", defaultValue = "1024",
      description = "Watch streams open at once before 429 too_many_streams (default: ${DEFAULT-VALUE}).")
  int maxOpenStreams;

  @Option(names = "--unsafe-local-reads", hidden = true,
      description = "TEST ONLY: answer reads from local state without ReadIndex (breaks linearizability).")
  boolean unsafeLocalReads;

  @Option(names = "--local-control", hidden = true, paramLabel = "URL",
      description = "Set by 'raftkv local' only: the launcher's control URL; enables /v1/local/isolation and the "
          + "dashboard's node controls.")
  String localControl;

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    try {
      config = toConfig();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IllegalStateException e) {
      System.err.println("raftkv server: " + e.getMessage());
      return 1;
    }
    KvServer server;
    try {
      server = KvServer.start(config, join != null);
    } catch (Exception e) {
      System.err.println("raftkv server: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "raftkv-shutdown"));
    if (join != null) {
      Thread joiner = new Thread(() -> {
        try {
          if (!joiner().joinAsVoter(id, ClusterSpec.hostPort(config.cluster().members().get(id)),
              config.advertiseClientUrl(), Duration.ofMinutes(30))) {
            System.err.println("raftkv server: --join: not a voter after 30 minutes; see 'raftkv member list'");
          }
        } catch (Exception e) {
          System.err.println("raftkv server: " + e.getMessage());
        }
      }, "raftkv-join");
      joiner.setDaemon(true);
      joiner.start();
    }
    server.awaitStopped();
    return server.fatalError() == null ? 0 : 1;
  }

  private Join joinClient;

  private Join joiner() {
    if (joinClient == null) {
      joinClient = new Join(join);
    }
    return joinClient;
  }

  ServerConfig toConfig() throws InterruptedException {
    if ((cluster == null) == (join == null)) {
      throw new IllegalArgumentException("give exactly one of --cluster (a new cluster) and --join (an existing one)");
    }
    // Every flag is checked before --join asks the cluster anything, so a typo fails at once.
    ServerConfig.advertisedClientUrl(ClusterSpec.parseAddress(client, "--client"), advertiseClientUrl);
    String advertisedPeer = advertisedPeer();
    String members = cluster;
    String effectiveClusterId = clusterId;
    if (join != null) {
      // The cluster's id and current peers come from a running member; this node adds itself.
      Join.ClusterView view = joiner().discover(Duration.ofMinutes(2));
      StringBuilder b = new StringBuilder();
      view.peers().forEach((m, address) -> {
        if (!m.equals(id)) {
          b.append(m).append('=').append(address).append(',');
        }
      });
      members = b.append(id).append('=').append(advertisedPeer).toString();
      effectiveClusterId = clusterId != null ? clusterId : view.clusterId();
    }
    return toConfig(members, effectiveClusterId);
  }

  /**
   * The peer address others dial, as the join request sends it: {@code --advertise-peer-address}, else
   * {@code --peer}. A founder's is its {@code --cluster} entry, so there the flag may only repeat it.
   */
  private String advertisedPeer() {
    InetSocketAddress bind = ClusterSpec.parseAddress(peer, "--peer");
    if (advertisePeerAddress == null) {
      if (join != null && ClusterSpec.isWildcard(bind)) {
        throw new IllegalArgumentException("--peer " + peer + " is a wildcard address the cluster cannot dial; "
            + "give --advertise-peer-address HOST:PORT with --join");
      }
      return peer;
    }
    InetSocketAddress a = ClusterSpec.parseAddress(advertisePeerAddress, "--advertise-peer-address");
    if (ClusterSpec.isWildcard(a)) {
      throw new IllegalArgumentException("--advertise-peer-address " + advertisePeerAddress
          + " is a wildcard address; give a host other members can reach");
    }
    if (cluster != null) {
      InetSocketAddress own = ClusterSpec.parse(cluster).members().get(id);
      if (own != null && !ClusterSpec.hostPort(own).equals(ClusterSpec.hostPort(a))) {
        throw new IllegalArgumentException("--advertise-peer-address " + ClusterSpec.hostPort(a) + " differs from "
            + "this node's --cluster entry " + id + "=" + ClusterSpec.hostPort(own)
            + "; a founder's --cluster entry is its advertised peer address");
      }
    }
    return ClusterSpec.hostPort(a);
  }

  private ServerConfig toConfig(String members, String effectiveClusterId) {
    if (tickMs <= 0 || heartbeatMs < tickMs || electionTimeoutMs <= heartbeatMs) {
      throw new IllegalArgumentException(
          "need 0 < --tick-ms <= --heartbeat-ms < --election-timeout-ms (got " + tickMs + ", " + heartbeatMs
              + ", " + electionTimeoutMs + ")");
    }
    if (snapshotEntries <= 0 || snapshotBytes <= 0 || retainEntries < 0) {
      throw new IllegalArgumentException(
          "--snapshot-entries and --snapshot-bytes must be > 0 and --retain-entries >= 0");
    }
    if (maxPending <= 0) {
      throw new IllegalArgumentException("--max-pending must be > 0");
    }
    StoreBudget auto = StoreBudget.forThisHeap();
    StoreBudget budget = new StoreBudget(
        ByteSize.parse(maxHistoryBytes, "--max-history-bytes", auto.maxHistoryBytes()),
        ByteSize.parse(quotaBytes, "--quota-bytes", auto.quotaBytes()));
    NodeOptions node = new NodeOptions(Duration.ofMillis(tickMs), Duration.ofMillis(electionTimeoutMs),
        Duration.ofMillis(heartbeatMs), snapshotEntries, snapshotBytes, retainEntries, maxPending, !noPreVote, true,
        leaseReads);
    return new ServerConfig(id, dataDir, ClusterSpec.parseAddress(peer, "--peer"),
        ClusterSpec.parseAddress(client, "--client"), ClusterSpec.parse(members), effectiveClusterId, node,
        maxValueBytes, Duration.ofMillis(requestTimeoutMs), unsafeLocalReads,
        new CompactionRetention(retentionRevisions, Duration.ofMinutes(retentionMinutes)), maxOpenStreams,
        promoteMaxLag, metricsListen == null ? null : ClusterSpec.parseAddress(metricsListen, "--metrics-listen"),
        localControl, advertiseClientUrl, budget);
  }
}
