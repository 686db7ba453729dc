package io.raftkv.chaos.cluster;

import io.raftkv.chaos.rig.Firewall;
import io.raftkv.chaos.rig.LabHost;
import io.raftkv.chaos.rig.LabProcess;
import io.raftkv.chaos.rig.NetLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster in a {@link NetLab}: node {@code nK} is one OS process in namespace K, normally the real
 * {@code java -jar raftkv.jar server} ({@link RaftKvLauncher}) with its peer port on {@code IP:7001}
 * and its HTTP API on {@code IP:8001}.
 *
 * <p>Owns the lab, the node processes and their data directories. Invariant: each node's data
 * directory is fixed for the cluster's life, so a restart after kill -9 recovers from exactly what
 * the killed process had made durable. {@link #close()} stops every node and removes the lab.
 */
public final class LabCluster implements AutoCloseable {

  private final ClusterOptions options;
  private final NetLab lab;
  private final Map<String, LabProcess> nodes = new LinkedHashMap<>();
  private final HttpClient http;
  private final NodeHttp control;

  private LabCluster(ClusterOptions options, NetLab lab) {
    this.options = options;
    this.lab = lab;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(500)).build();
    this.control = new NodeHttp(http);
  }

  /** Builds the lab and starts every node (it does not wait for a leader). */
  public static LabCluster start(ClusterOptions options) {
    NetLab lab = NetLab.create(options.nodes());
    LabCluster c = new LabCluster(options, lab);
    try {
      for (LabHost h : lab.hosts()) {
        Path dir = c.dataDir(h.name());
        Files.createDirectories(dir);
        c.nodes.put(h.name(), LabProcess.start(h, options.launcher().command(h, lab.hosts(), dir),
            dir.resolveSibling(h.name() + ".log")));
      }
    } catch (IOException e) {
      c.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public Path dataDir(String node) {
    return options.workDir().resolve(node);
  }

  public ClusterOptions options() {
    return options;
  }

  public NetLab lab() {
    return lab;
  }

  public HttpClient http() {
    return http;
  }

  public List<String> nodeNames() {
    return List.copyOf(nodes.keySet());
  }

  public LabHost host(String node) {
    return lab.host(node);
  }

  public LabProcess process(String node) {
    return nodes.get(node);
  }

  public Firewall firewall(String node) {
    return new Firewall(lab.host(node));
  }

  /** The base URL of {@code node}'s HTTP API. */
  public URI url(String node) {
    return URI.create("http://" + lab.host(node).ip() + ":" + ClusterOptions.CLIENT_PORT);
  }

  /**
   * The leader as the nodes report it: the id named by a majority of the live, unpaused nodes that
   * answer. A lone node's claim is not enough, since an isolated old leader may still believe it
   * leads (§6.2 of the Raft thesis).
   */
  public Optional<String> leader() {
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (String n : nodes.keySet()) {
      LabProcess p = nodes.get(n);
      if (p.isAlive() && !p.isPaused()) {
        control.leaderSeenBy(url(n)).ifPresent(l -> votes.merge(l, 1, Integer::sum));
      }
    }
    int majority = nodes.size() / 2 + 1;
    return votes.entrySet().stream().filter(e -> e.getValue() >= majority).map(Map.Entry::getKey).findFirst();
  }

  /** The leader {@code node} itself reports, whatever the others think. */
  public Optional<String> leaderSeenBy(String node) {
    return control.leaderSeenBy(url(node));
  }

  public boolean healthy(String node) {
    return control.healthy(url(node));
  }

  public String clusterStatus(String node) {
    return control.clusterStatus(url(node));
  }

  /** Heals everything a nemesis may have done: firewalls flushed, paused nodes resumed, dead nodes restarted. */
  public void healAll() {
    for (String n : nodes.keySet()) {
      firewall(n).heal();
      LabProcess p = nodes.get(n);
      if (p.isPaused()) {
        p.resume();
      }
      if (!p.isAlive()) {
        p.restart();
      }
    }
  }

  @Override
  public void close() {
    for (LabProcess p : nodes.values()) {
      p.stop(Duration.ofSeconds(3));
    }
    lab.close();
  }
}
