package io.raftkv.chaos.cluster;

import io.raftkv.chaos.rig.LabHost;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Launches the real server: {@code java -jar raftkv.jar server --id nK --data-dir DIR --peer IP:7001
 * --client IP:8001 --cluster n1=IP1:7001,... --election-timeout-ms T --heartbeat-ms H [extra]}, or with
 * {@code --join URL,...} in place of {@code --cluster} for a node that enters a running cluster.
 * The JVM is kept small (serial GC, C1 only) because up to five of them share two cores with the
 * test JVM.
 */
public record RaftKvLauncher(Path jar, long electionTimeoutMs, long heartbeatMs, List<String> extraArgs)
    implements NodeLauncher {

  public RaftKvLauncher {
    if (heartbeatMs <= 0 || electionTimeoutMs <= heartbeatMs) {
      throw new IllegalArgumentException("need 0 < heartbeatMs < electionTimeoutMs");
    }
    extraArgs = List.copyOf(extraArgs);
  }

  @Override
  public List<String> command(LabHost host, List<LabHost> all, Path dataDir) {
    String cluster = all.stream().map(x -> x.name() + "=" + x.ip() + ":" + ClusterOptions.PEER_PORT)
        .collect(Collectors.joining(","));
    return server(host, dataDir, "--cluster", cluster);
  }

  @Override
  public List<String> joinCommand(LabHost host, List<URI> via, Path dataDir) {
    return server(host, dataDir, "--join", via.stream().map(URI::toString).collect(Collectors.joining(",")));
  }

  /** The command line with {@code how} ({@code --cluster} or {@code --join}) set to {@code value}. */
  private List<String> server(LabHost host, Path dataDir, String how, String value) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    // -Draftkv.chaos.jvmArgs="..." adds JVM flags for the nodes (e.g. --enable-preview, -Xlog:gc).
    String jvmArgs = System.getProperty("raftkv.chaos.jvmArgs", "").strip();
    if (!jvmArgs.isEmpty()) {
      cmd.addAll(List.of(jvmArgs.split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar.toString(), "server",
        "--id", host.name(),
        "--data-dir", dataDir.toString(),
        "--peer", host.ip() + ":" + ClusterOptions.PEER_PORT,
        "--client", host.ip() + ":" + ClusterOptions.CLIENT_PORT,
        how, value,
        "--election-timeout-ms", Long.toString(electionTimeoutMs),
        "--heartbeat-ms", Long.toString(heartbeatMs)));
    cmd.addAll(extraArgs);
    return cmd;
  }
}
