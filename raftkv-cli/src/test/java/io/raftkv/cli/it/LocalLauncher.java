package io.raftkv.cli.it;

import static org.awaitility.Awaitility.await;

import io.raftkv.cli.RaftKvCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code raftkv local} launcher process (the test JVM's class path, free ports, data under a temp
 * directory) with its node processes, for tests of the dashboard and the local control API.
 *
 * <p>Invariant: {@link #close()} ends the launcher and every process it started, even if the launcher is
 * wedged: its descendants are collected first and killed after it (a shutdown hook covers a killed test run).
 */
public final class LocalLauncher implements AutoCloseable {

  private final Path root;
  private final int clientPort;
  private final int peerPort;
  private final int controlPort;
  private final Process process;
  private final Thread hook = new Thread(this::destroyAll);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private LocalLauncher(Path root, int nodes, List<String> serverArgs) throws IOException {
    this.root = root;
    this.clientPort = ProcessCluster.freePorts(nodes);
    this.peerPort = ProcessCluster.freePorts(nodes);
    this.controlPort = ProcessCluster.freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), RaftKvCommand.class.getName(), "local",
        "--nodes", Integer.toString(nodes), "--fresh", "--data-dir", root.resolve("data").toString(),
        "--client-port", Integer.toString(clientPort), "--peer-port", Integer.toString(peerPort),
        "--control-port", Integer.toString(controlPort)));
    cmd.addAll(serverArgs);
    Runtime.getRuntime().addShutdownHook(hook);
    process = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(root.resolve("launcher.log").toFile()).start();
  }

  /** Starts {@code raftkv local --nodes N} and waits until it printed the dashboard URL (a leader is known). */
  public static LocalLauncher start(Path root, int nodes, List<String> serverArgs) throws IOException {
    LocalLauncher l = new LocalLauncher(root, nodes, serverArgs);
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
          .until(() -> !l.process.isAlive() || l.output().contains("Dashboard: "));
      if (!l.process.isAlive()) {
        throw new AssertionError("raftkv local exited with " + l.process.exitValue() + ":\n" + l.output());
      }
      return l;
    } catch (RuntimeException | AssertionError e) {
      l.close();
      throw e;
    }
  }

  public String output() throws IOException {
    Path log = root.resolve("launcher.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  public String id(int i) {
    return "n" + i;
  }

  public String clientUrl(String id) {
    return "http://127.0.0.1:" + (clientPort + Integer.parseInt(id.substring(1)) - 1);
  }

  public String controlUrl() {
    return "http://127.0.0.1:" + controlPort;
  }

  public String dashboardUrl() {
    return clientUrl("n1") + "/ui";
  }

  public Path nodeLog(String id) {
    return root.resolve("data").resolve(id).resolve("server.log");
  }

  public HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** SIGTERM to the launcher (which stops its nodes), then SIGKILL to whatever of its tree is left. */
  private void destroyAll() {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle h : tree) {
      h.destroyForcibly(); // a node the launcher could not stop (or restarted after we listed the tree)
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs anyway.
    }
  }
}
