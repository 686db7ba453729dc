package io.raftkv.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command lines of deploy/systemd and deploy/kubernetes, exactly as systemd and the kubelet would
 * build them, from the distribution archive Maven just assembled, as local server processes. What differs
 * from a real machine is only what a machine supplies: the paths (the archive instead of /opt/raftkv, a
 * temp dir instead of the volume), the addresses in the per-machine environment file, and name resolution
 * (a JDK hosts file maps the pods' DNS names to 127.0.0.2x, which also stand in for the pod IPs the pods
 * bind on, so each pod keeps the manifest's ports).
 * A flag renamed in the server but not in a manifest fails here.
 */
class DeployCommandLinesIT {

  private static final Path HOME = Path.of(System.getProperty("raftkv.dist.home"));
  private static final Path DEPLOY = Path.of(System.getProperty("raftkv.deploy.dir"));
  private static final Duration UP = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private final List<Node> nodes = new ArrayList<>();

  @RegisterExtension
  final AfterTestExecutionCallback logsOnFailure = context -> {
    if (context.getExecutionException().isPresent()) {
      for (Node n : nodes) {
        System.out.println("---- " + context.getDisplayName() + " " + n.name + " log:\n" + n.logText());
      }
    }
  };

  @AfterEach
  void stop() throws InterruptedException {
    for (Node n : nodes) {
      n.close();
    }
  }

  @Test
  void systemdUnitRunsAThreeMemberCluster() throws Exception {
    SystemdUnit unit = SystemdUnit.read(DEPLOY.resolve("systemd/raftkv.service"));
    Map<String, String> template = SystemdUnit.readEnvironment(Files.readAllLines(DEPLOY.resolve("systemd/raftkv.env")));
    int[] peer = {freePort(), freePort(), freePort()};
    int[] client = {freePort(), freePort(), freePort()};
    String cluster = "n1=127.0.0.1:" + peer[0] + ",n2=127.0.0.1:" + peer[1] + ",n3=127.0.0.1:" + peer[2];
    for (int i = 0; i < 3; i++) {
      // The per-machine values of the environment file; the unit's ExecStart and every other variable
      // (RAFTKV_EXTRA_ARGS, RAFTKV_JAVA_OPTS) stay as shipped.
      Map<String, String> env = new HashMap<>(template);
      env.put("RAFTKV_ID", "n" + (i + 1));
      env.put("RAFTKV_DATA_DIR", tmp.resolve("n" + (i + 1)).toString());
      env.put("RAFTKV_PEER", "127.0.0.1:" + peer[i]);
      env.put("RAFTKV_CLIENT", "127.0.0.1:" + client[i]);
      env.put("RAFTKV_MEMBERSHIP", "--cluster " + cluster);
      List<String> argv = onThisMachine(unit.command(env));
      assertThat(argv.get(0)).endsWith("/bin/raftkv");
      nodes.add(Node.start("n" + (i + 1), argv, env, URI.create("http://127.0.0.1:" + client[i]),
          tmp.resolve("n" + (i + 1) + ".log")));
    }
    awaitAll("/health");
    assertThat(nodes.get(0).put("/v1/kv/deployed", "by-systemd").statusCode()).isEqualTo(200);
    for (Node n : nodes) {
      assertThat(n.get("/v1/kv/deployed").body()).isEqualTo("by-systemd");
    }
  }

  @Test
  void statefulSetFoundersFormAClusterAndALaterPodJoins() throws Exception {
    Path hosts = tmp.resolve("hosts");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      lines.append(podIp(i)).append(" raftkv-").append(i).append(".raftkv.default.svc.cluster.local\n");
    }
    Files.writeString(hosts, lines);
    PodSpec first = pod(0, hosts);
    for (int i = 0; i < 3; i++) {
      nodes.add(startPod(i, hosts));
    }
    awaitAll(first.probePath("readinessProbe"));
    assertThat(nodes.get(0).put("/v1/kv/deployed", "by-kubernetes").statusCode()).isEqualTo(200);

    // kubectl scale statefulset raftkv --replicas 4: the new pod runs the same spec and joins.
    nodes.add(startPod(3, hosts));
    Node joined = nodes.get(3);
    await().atMost(UP).until(() -> joined.status(first.probePath("readinessProbe")) == 200);
    await().atMost(UP).until(() -> joined.get("/v1/members").body().contains("\"raftkv-3\""));
    assertThat(joined.get("/v1/kv/deployed").body()).isEqualTo("by-kubernetes");
    for (Node n : nodes) {
      assertThat(n.status(first.probePath("livenessProbe"))).isEqualTo(200);
    }
  }

  @Test
  void podEntryPointRefusesAPodNameWithoutAnOrdinal() throws Exception {
    Map<String, String> env = new HashMap<>(pod(0, tmp.resolve("none")).env());
    env.put("POD_NAME", "raftkv");
    Node bad = Node.start("bad", List.of(HOME.resolve("bin/raftkv-pod").toString()), env,
        URI.create("http://127.0.0.1:1"), tmp.resolve("bad.log"));
    nodes.add(bad);
    assertThat(bad.waitForExit(30)).isEqualTo(2);
    assertThat(bad.logText()).contains("does not end in -<ordinal>");
  }

  private PodSpec pod(int ordinal, Path hosts) throws IOException {
    return PodSpec.fromStatefulSet(DEPLOY.resolve("kubernetes/statefulset.yaml"),
        Map.of("metadata.name", "raftkv-" + ordinal, "metadata.namespace", "default",
            "status.podIP", podIp(ordinal)));
  }

  /** The loopback address the hosts file maps pod {@code ordinal}'s DNS name to, standing in for its pod IP. */
  private static String podIp(int ordinal) {
    return "127.0.0." + (20 + ordinal);
  }

  private Node startPod(int ordinal, Path hosts) throws IOException {
    PodSpec spec = pod(ordinal, hosts);
    Map<String, String> env = new HashMap<>(spec.env());
    env.put("RAFTKV_DATA_DIR", tmp.resolve("volume-" + ordinal).toString());
    env.put("RAFTKV_JAVA_OPTS", env.getOrDefault("RAFTKV_JAVA_OPTS", "") + " -Djdk.net.hosts.file=" + hosts);
    return Node.start("raftkv-" + ordinal, onThisMachine(spec.command()), env,
        URI.create("http://" + podIp(ordinal) + ":" + env.get("RAFTKV_CLIENT_PORT")), tmp.resolve("raftkv-" + ordinal + ".log"));
  }

  /** The archive's install location /opt/raftkv, as the Dockerfile and the unit use it, is HOME here. */
  private static List<String> onThisMachine(List<String> argv) {
    List<String> out = new ArrayList<>(argv);
    out.set(0, out.get(0).replace("/opt/raftkv", HOME.toString()));
    return out;
  }

  private void awaitAll(String path) {
    for (Node n : nodes) {
      await().atMost(UP).until(() -> {
        if (!n.isAlive()) {
          throw new AssertionError(n.name + " exited:\n" + n.logText());
        }
        return n.status(path) == 200;
      });
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
