package io.raftkv.chaos.cluster;

import java.nio.file.Path;

/**
 * How to launch a lab cluster.
 *
 * @param nodes number of nodes (3 or 5 in the profiles)
 * @param workDir where data directories and logs go: {@code workDir/nK/} and {@code workDir/nK.log}
 * @param launcher the node command line ({@link RaftKvLauncher} for the real server)
 */
public record ClusterOptions(int nodes, Path workDir, NodeLauncher launcher) {

  /** Raft peer port on every node's IP. */
  public static final int PEER_PORT = 7001;
  /** HTTP API port on every node's IP. */
  public static final int CLIENT_PORT = 8001;

  public ClusterOptions {
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("nodes must be 1..9, not " + nodes);
    }
  }
}
