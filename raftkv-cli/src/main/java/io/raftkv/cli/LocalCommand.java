package io.raftkv.cli;

import io.raftkv.cli.local.ControlServer;
import io.raftkv.cli.local.NodeProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code raftkv local}: starts a cluster of separate OS processes on 127.0.0.1, prints each node's URL and
 * the leader, and stops every node cleanly on Ctrl-C. Data lives under {@code ./data/local/<id>}, so a
 * second run resumes the same cluster unless {@code --fresh} is given.
 */
@Command(name = "local", description = "Start a local cluster of separate processes on 127.0.0.1.",
    mixinStandardHelpOptions = true)
public final class LocalCommand implements Callable<Integer> {

  private static final Pattern LEADER = Pattern.compile("\"leader(?:Id)?\"\\s*:\\s*\"([^\"]+)\"");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes, 1 to 7 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--fresh", description = "Delete ./data/local first and start a new cluster.")
  boolean fresh;

  @Option(names = "--data-dir", defaultValue = "data/local", description = "Where the nodes keep data (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--client-port", defaultValue = "8081",
      description = "HTTP port of n1; node i listens on port+i-1 (default: ${DEFAULT-VALUE}).")
  int clientPort;

  @Option(names = "--peer-port", defaultValue = "7081",
      description = "Raft peer port of n1; node i listens on port+i-1 (default: ${DEFAULT-VALUE}).")
  int peerPort;

  @Option(names = "--control-port", defaultValue = "-1", paramLabel = "PORT",
      description = "Port of the launcher's control API on 127.0.0.1, used by the dashboard's buttons "
          + "(default: --client-port minus 1, i.e. 8080).")
  int controlPort;

  @CommandLine.Unmatched
  List<String> serverArgs = new ArrayList<>();

  /**
   * JVM flags of every node `raftkv local` starts (bench/compare-etcd.sh uses the same). Measured with 100,000
   * keys of 256 B: resident memory 215-240 MB per node instead of 375-495 MB with the plain G1 defaults: the
   * heap is returned to the OS when idle (periodic GC, small free ratios) and Netty keeps one pool arena.
   */
  static final List<String> NODE_JVM_FLAGS = List.of("-Xms32m", "-Xmx512m", "-XX:+UseG1GC",
      "-XX:G1PeriodicGCInterval=1000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
      "-Dio.netty.allocator.numDirectArenas=1", "-Dio.netty.allocator.numHeapArenas=1");

  private final List<NodeProcess> processes = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private ControlServer control;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > 7) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be between 1 and 7");
    }
    if (fresh) {
      deleteRecursively(dataDir);
    }
    int controlAt = controlPort == -1 ? clientPort - 1 : controlPort;
    if (controlAt < 1 || controlAt > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--control-port must be 1..65535 (got " + controlAt + ")");
    }
    for (int i = 0; i < nodes; i++) {
      checkPortFree(clientPort + i);
      checkPortFree(peerPort + i);
    }
    checkPortFree(controlAt);
    String controlUrl = "http://127.0.0.1:" + controlAt;
    StringBuilder cluster = new StringBuilder();
    for (int i = 1; i <= nodes; i++) {
      cluster.append(i > 1 ? "," : "").append("n").append(i).append("=127.0.0.1:").append(peerPort + i - 1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "raftkv-local-stop"));
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath = System.getProperty("java.class.path");
    for (int i = 1; i <= nodes; i++) {
      Path dir = dataDir.resolve("n" + i);
      Files.createDirectories(dir);
      List<String> cmd = new ArrayList<>(List.of(java));
      cmd.addAll(NODE_JVM_FLAGS);
      cmd.addAll(List.of("-cp", classpath,
          RaftKvCommand.class.getName(), "server", "--id", "n" + i, "--data-dir", dir.toString(),
          "--peer", "127.0.0.1:" + (peerPort + i - 1), "--client", "127.0.0.1:" + (clientPort + i - 1),
          "--cluster", cluster.toString(), "--local-control", controlUrl));
      cmd.addAll(serverArgs);
      NodeProcess node = new NodeProcess("n" + i, cmd, dir.resolve("server.log"), clientPort + i - 1, peerPort + i - 1);
      node.start();
      processes.add(node);
    }
    control = ControlServer.start(controlAt, processes);
    System.out.printf("Started %d nodes (data in %s, logs in <data>/nX/server.log):%n", nodes, dataDir);
    for (int i = 1; i <= nodes; i++) {
      System.out.printf("  n%d  http://127.0.0.1:%d  (peer 127.0.0.1:%d, pid %d)%n", i, clientPort + i - 1,
          peerPort + i - 1, processes.get(i - 1).pid());
    }
    String leader = awaitLeader(Duration.ofSeconds(60));
    if (leader == null) {
      System.err.println("raftkv local: no leader after 60 s; see the server.log files. Stopping.");
      return 1;
    }
    System.out.printf("Dashboard: http://127.0.0.1:%d/ui  (node controls via %s)%n", clientPort, controlUrl);
    System.out.println("Leader: " + leader + ". Try:");
    System.out.printf("  curl -X PUT --data-binary hello http://127.0.0.1:%d/v1/kv/greeting%n", clientPort);
    System.out.printf("  curl http://127.0.0.1:%d/v1/kv/greeting%n", clientPort + Math.min(1, nodes - 1));
    System.out.printf("  curl --http2-prior-knowledge http://127.0.0.1:%d/v1/cluster%n", clientPort);
    System.out.println("Press Ctrl-C to stop all nodes.");
    watch();
    return 0;
  }

  /**
   * Blocks until Ctrl-C, reporting any node that exits on its own (not by a kill from the dashboard, which
   * can also restart it, so the launcher keeps running with every node down).
   */
  private void watch() throws InterruptedException {
    while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
      for (NodeProcess p : processes) {
        Integer code = p.takeUnexpectedExit();
        if (code != null) {
          System.err.printf("raftkv local: %s exited with code %d (see %s)%n", p.id(), code, p.log());
        }
      }
    }
  }

  private String awaitLeader(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (int i = 0; i < nodes; i++) {
        if (processes.get(i).exitCode() != null) {
          System.err.printf("raftkv local: n%d exited with code %d; last lines of its log:%n", i + 1,
              processes.get(i).exitCode());
          printTail(dataDir.resolve("n" + (i + 1)).resolve("server.log"));
          return null;
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + (clientPort + i) + "/v1/cluster")).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.ofString());
          Matcher m = LEADER.matcher(r.body());
          if (r.statusCode() == 200 && m.find()) {
            return m.group(1);
          }
        } catch (IOException notYet) {
          // The node is still starting.
        }
      }
      Thread.sleep(100); // polling a process we do not control; there is no event to await
    }
    return null;
  }

  private static void printTail(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      List<String> all = lines.toList();
      all.subList(Math.max(0, all.size() - 15), all.size()).forEach(l -> System.err.println("  " + l));
    } catch (IOException e) {
      System.err.println("  (cannot read " + log + ": " + e.getMessage() + ")");
    }
  }

  private void stopAll() {
    stopped.countDown();
    if (control != null) {
      control.close();
    }
    for (NodeProcess p : processes) {
      try {
        p.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!processes.isEmpty()) {
      System.out.println("Stopped " + processes.size() + " nodes.");
    }
  }

  private void checkPortFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "port " + port + " on 127.0.0.1 is in use (another cluster running? stop it or pass --client-port/--peer-port)");
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
