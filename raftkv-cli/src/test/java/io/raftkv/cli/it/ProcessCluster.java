package io.raftkv.cli.it;

import static org.awaitility.Awaitility.await;

import io.raftkv.cli.RaftKvCommand;
import io.raftkv.kv.server.metrics.Exposition;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster of real {@code raftkv server} OS processes on 127.0.0.1 for integration tests: each node is
 * started with the test JVM's own class path, on free ports, with its data under a temp directory.
 *
 * <p>Invariant: every process started is destroyed by {@link #close()} (tests use try-with-resources or
 * an {@code @AfterEach}), and a JVM shutdown hook covers a test run that is killed.
 */
public final class ProcessCluster implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";
  private static final Pattern LEADER = Pattern.compile("\"leader(?:Id)?\"\\s*:\\s*\"([^\"]+)\"");

  private final Path root;
  private final Map<String, Integer> peerPorts = new LinkedHashMap<>();
  private final Map<String, Integer> clientPorts = new LinkedHashMap<>();
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final List<String> extraArgs;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Thread hook = new Thread(this::destroyAll);
  /** The --cluster of the founders, fixed at construction (later nodes join). */
  private final String founders;

  public ProcessCluster(Path root, int nodes, List<String> extraArgs) throws IOException {
    this.root = root;
    this.extraArgs = List.copyOf(extraArgs);
    for (int i = 1; i <= nodes; i++) {
      peerPorts.put("n" + i, freePort());
      clientPorts.put("n" + i, freePort());
    }
    this.founders = clusterSpec();
    Runtime.getRuntime().addShutdownHook(hook);
  }

  public List<String> ids() {
    return new ArrayList<>(peerPorts.keySet());
  }

  public String clusterSpec() {
    StringBuilder b = new StringBuilder();
    peerPorts.forEach((id, p) -> b.append(b.length() > 0 ? "," : "").append(id).append("=127.0.0.1:").append(p));
    return b.toString();
  }

  public URI url(String id, String path) {
    return URI.create("http://127.0.0.1:" + clientPorts.get(id) + path);
  }

  public int peerPort(String id) {
    return peerPorts.get(id);
  }

  public int clientPort(String id) {
    return clientPorts.get(id);
  }

  public Path dataDir(String id) {
    return root.resolve(id);
  }

  public void startAll() throws IOException {
    for (String id : ids()) {
      start(id);
    }
  }

  /** Reserves ports for a node that is not a founder (started later with {@link #startJoining}). */
  public void reserve(String id) throws IOException {
    peerPorts.putIfAbsent(id, freePort());
    clientPorts.putIfAbsent(id, freePort());
  }

  /** Starts {@code id} with {@code --join} through the given members' client URLs instead of --cluster. */
  public void startJoining(String id, List<String> via) throws IOException {
    startJoining(id, via, LOOPBACK, List.of());
  }

  /** Starts {@code id} with {@code --join}, its ports bound on {@code bindHost} (e.g. 0.0.0.0), then {@code nodeArgs}. */
  public void startJoining(String id, List<String> via, String bindHost, List<String> nodeArgs) throws IOException {
    List<String> urls = via.stream().map(v -> "http://127.0.0.1:" + clientPorts.get(v)).toList();
    launch(id, bindHost, List.of("--join", String.join(",", urls)), nodeArgs);
  }

  public void start(String id) throws IOException {
    start(id, List.of());
  }

  /** Starts founder {@code id} with {@code nodeArgs} after the cluster's extra arguments (e.g. its own ports). */
  public void start(String id, List<String> nodeArgs) throws IOException {
    start(id, LOOPBACK, nodeArgs);
  }

  /** Starts founder {@code id} with its ports bound on {@code bindHost}; its --cluster entry stays on loopback. */
  public void start(String id, String bindHost, List<String> nodeArgs) throws IOException {
    launch(id, bindHost, List.of("--cluster", founders), nodeArgs);
  }

  private void launch(String id, String bindHost, List<String> membership, List<String> nodeArgs)
      throws IOException {
    Path dir = dataDir(id);
    Files.createDirectories(dir);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m",
        // The test classpath also holds logback-test.xml; the servers log as in production.
        "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
        RaftKvCommand.class.getName(), "server", "--id", id, "--data-dir", dir.toString(),
        "--peer", bindHost + ":" + peerPorts.get(id), "--client", bindHost + ":" + clientPorts.get(id)));
    cmd.addAll(membership);
    cmd.addAll(extraArgs);
    cmd.addAll(nodeArgs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
    processes.put(id, p);
  }

  /** SIGKILL: the node gets no chance to flush or say goodbye. */
  public void kill9(String id) throws InterruptedException {
    Process p = processes.remove(id);
    if (p != null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The OS process id of running node {@code id} (e.g. to read its /proc status). */
  public long pid(String id) {
    return processes.get(id).pid();
  }

  public boolean isRunning(String id) {
    Process p = processes.get(id);
    return p != null && p.isAlive();
  }

  /** The leader id as reported by any running node, or null. */
  public String leader() {
    for (String id : processes.keySet()) {
      String leader = leaderReportedBy(id);
      if (leader != null && processes.containsKey(leader)) {
        return leader;
      }
    }
    return null;
  }

  /** The leader id node {@code id} reports in /v1/cluster, or null when it knows none or does not answer. */
  private String leaderReportedBy(String id) {
    try {
      HttpResponse<String> r = get(id, "/v1/cluster");
      Matcher m = LEADER.matcher(r.body());
      return r.statusCode() == 200 && m.find() ? m.group(1) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public String awaitLeader(Duration timeout) {
    String[] found = new String[1];
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
          .until(() -> (found[0] = leader()) != null);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no leader within " + timeout + "; " + deadNodes(), e);
    }
    return found[0];
  }

  /**
   * Awaits a leader that every running node reports, so each node's HTTP server is listening and knows the
   * leader. {@link #awaitLeader} is satisfied by any one node: a leader needs only a quorum, and the last
   * node may still be starting its HTTP server (a request sent to it then is refused).
   */
  public String awaitLeaderKnownEverywhere(Duration timeout) {
    String leader = awaitLeader(timeout);
    for (String id : processes.keySet()) {
      if (!isRunning(id)) {
        continue;
      }
      try {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> leader.equals(leaderReportedBy(id)));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(id + " did not report leader " + leader + " within " + timeout + "; "
            + deadNodes(), e);
      }
    }
    return leader;
  }

  /** Nodes that exited on their own, each with the end of its log (for failure messages). */
  public String deadNodes() {
    StringBuilder b = new StringBuilder();
    processes.forEach((id, p) -> {
      if (!p.isAlive()) {
        String log;
        try {
          log = log(id);
        } catch (IOException e) {
          log = "(log unreadable: " + e.getMessage() + ")";
        }
        b.append(id).append(" exited with ").append(p.exitValue()).append(", log tail:\n")
            .append(log.substring(Math.max(0, log.length() - 2000))).append('\n');
      }
    });
    return b.length() == 0 ? "all nodes running" : b.toString();
  }

  public HttpResponse<String> get(String id, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(url(id, path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A strict parse of {@code id}'s Prometheus scrape ({@code /metrics} on its client port). */
  public Exposition metrics(String id) throws IOException, InterruptedException {
    HttpResponse<String> r = get(id, "/metrics");
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (r.statusCode() != 200 || !type.startsWith("text/plain; version=0.0.4")) {
      throw new AssertionError("scrape of " + id + ": " + r.statusCode() + " " + r.headers().map() + " " + r.body());
    }
    return Exposition.parsePrometheus(r.body());
  }

  public HttpResponse<String> put(String id, String key, String value) throws IOException, InterruptedException {
    return put(id, key, value, Duration.ofSeconds(8));
  }

  public HttpResponse<String> put(String id, String key, String value, Duration timeout)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(url(id, "/v1/kv/" + key)).timeout(timeout)
        .PUT(HttpRequest.BodyPublishers.ofString(value)).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> delete(String id, String key) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(url(id, "/v1/kv/" + key)).timeout(Duration.ofSeconds(8)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Writes like a well-behaved client until the write is acknowledged: to the leader if one is known,
   * else any running node; a 503 (not applied) or 504 (outcome unknown: a put of the same value is safe
   * to repeat) or a dropped connection is retried. Fails the test after 30 s.
   */
  public HttpResponse<String> putUntilAcknowledged(String key, String value) {
    @SuppressWarnings("unchecked")
    HttpResponse<String>[] ok = new HttpResponse[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
      String target = leader();
      if (target == null) {
        target = processes.keySet().iterator().next();
      }
      HttpResponse<String> r = put(target, key, value, Duration.ofSeconds(2));
      ok[0] = r;
      return r.statusCode() == 200;
    });
    return ok[0];
  }

  /** The role ("voter", "learner") of member {@code id} in node {@code via}'s {@code GET /v1/members}, or "absent". */
  public String memberRole(String via, String id) throws IOException, InterruptedException {
    String body = get(via, "/v1/members").body();
    int at = body.indexOf("\"id\":\"" + id + "\"");
    if (at < 0) {
      return "absent";
    }
    int role = body.indexOf("\"role\":\"", at) + 8;
    return body.substring(role, body.indexOf('"', role));
  }

  public String log(String id) throws IOException {
    Path f = dataDir(id).resolve("server.log");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  private void destroyAll() {
    for (Process p : processes.values()) {
      p.destroyForcibly();
    }
    for (Process p : processes.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processes.clear();
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

  /**
   * A free port BELOW the kernel's ephemeral range (32768-60999 here): ports from bind(0) come from that
   * range, which the already started nodes also draw from for their outbound peer connections, so one of
   * them could take a port reserved for a node not yet started. Start points are spread per JVM and per call.
   */
  static int freePort() throws IOException {
    return freePorts(1);
  }

  /** The first of {@code count} consecutive free ports (for {@code raftkv local}'s port+i layout). */
  static int freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 2000; attempt++) {
      int port = 20000 + (int) ((NEXT_PORT.getAndAdd(7919) & 0x7fffffff) % (12000 - count));
      if (allFree(port, count)) {
        return port;
      }
    }
    throw new IOException("no free port in 20000-31999");
  }

  private static boolean allFree(int first, int count) {
    for (int port = first; port < first + count; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      } catch (IOException inUse) {
        return false; // taken; the caller tries the next candidate
      }
    }
    return true;
  }

  private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
      new java.util.concurrent.atomic.AtomicInteger((int) (ProcessHandle.current().pid() * 7919 % 12000));
}
