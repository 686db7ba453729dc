package io.raftkv.chaos.cluster;

import io.raftkv.chaos.rig.LabHost;
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
}
