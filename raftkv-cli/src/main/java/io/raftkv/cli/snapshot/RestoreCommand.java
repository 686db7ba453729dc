package io.raftkv.cli.snapshot;

import io.raftkv.cli.client.ExitCodes;
import io.raftkv.kv.server.Backups;
import io.raftkv.kv.server.ClusterSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raftkv snapshot restore FILE --data-dir DIR --id ID --cluster SPEC [--cluster-id ID]}: creates the
 * data dir of one founder of a NEW cluster from a backup; run it for every founder with the same FILE and
 * --cluster, then start each with {@code raftkv server} (same --id, --cluster, --data-dir).
 */
@Command(name = "restore", description = "Create the data dir of a node of a new cluster from a backup file.")
final class RestoreCommand extends BackupCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
  Path file;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The new node's data dir (must be empty or absent).")
  Path dataDir;

  @Option(names = "--id", required = true, paramLabel = "ID", description = "The new node's id (one of --cluster).")
  String id;

  @Option(names = "--cluster", required = true, paramLabel = "SPEC",
      description = "The new cluster's founders, as for 'raftkv server': id=host:peerPort,...")
  String cluster;

  @Option(names = "--cluster-id", paramLabel = "ID",
      description = "The new cluster's id (default: derived from the backup's hash and --cluster; never the old one's).")
  String clusterId;

  @Override
  int run(PrintWriter out) throws Exception {
    ClusterSpec spec = ClusterSpec.parse(cluster);
    Backups.Info info = Backups.verify(file);
    String newId = Backups.restore(file, dataDir, id, spec, clusterId);
    out.println("restored index " + info.index() + " (" + info.keys() + " keys) into " + dataDir + " as node " + id
        + " of new cluster " + newId);
    return ExitCodes.OK;
  }
}
