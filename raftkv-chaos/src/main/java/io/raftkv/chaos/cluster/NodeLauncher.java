package io.raftkv.chaos.cluster;

import io.raftkv.chaos.rig.LabHost;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The command line that runs one node of a {@link LabCluster} inside its namespace. */
@FunctionalInterface
public interface NodeLauncher {

  /**
   * @param host the node's lab host (name, namespace, IP)
   * @param all every host of the cluster, for the membership list
   * @param dataDir the node's data directory, the same on every restart
   */
  List<String> command(LabHost host, List<LabHost> all, Path dataDir);

  /**
   * The command line that starts {@code host} on an empty {@code dataDir} as a new member of the
   * running cluster reachable at {@code via} (the server's {@code --join}); launchers of stand-ins
   * that have no membership do not support it.
   */
  default List<String> joinCommand(LabHost host, List<URI> via, Path dataDir) {
    throw new UnsupportedOperationException("this launcher cannot join a running cluster");
  }
}
