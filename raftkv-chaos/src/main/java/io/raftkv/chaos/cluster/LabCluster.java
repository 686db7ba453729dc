package io.raftkv.chaos.cluster;

import io.raftkv.api.Members;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster in a {@link NetLab}: node {@code nK} is one OS process in namespace K, normally the real
 * {@code java -jar raftkv.jar server} ({@link RaftKvLauncher}) with its peer port on {@code IP:7001}
 * and its HTTP API on {@code IP:8001}.
 *
 * <p>Owns the lab, the node processes and their data directories. Invariant: each node's data
 * directory is fixed for the cluster's life, so a restart after kill -9 recovers from exactly what
 * the killed process had made durable. The one exception is a node removed from the membership:
 * {@link #retire} stops it and wipes its directory, and only {@link #startJoining} brings it back,
 * as a new member on an empty directory, so an id never rejoins with the log of its past life.
 * Retired nodes are left alone by {@link #healAll()} and {@link #leader()}. {@link #close()} stops
 * every node and removes the lab.
 */
public final class LabCluster implements AutoCloseable {

  private final ClusterOptions options;
  private final NetLab lab;
  /** Node name to its current process; written by the nemesis thread, read by clients and checks. */
  private final Map<String, LabProcess> nodes = new ConcurrentHashMap<>();
  /** Node names in lab order; fixed at start. */
  private final List<String> names;
  /** Nodes removed from the membership whose process is stopped and data directory wiped. */
  private final Set<String> retired = ConcurrentHashMap.newKeySet();
  private final HttpClient http;
  private final NodeHttp control;
  private final MembersClient members;

  private LabCluster(ClusterOptions options, NetLab lab) {
    this.options = options;
    this.lab = lab;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(500)).build();
    this.control = new NodeHttp(http);
    this.members = new MembersClient(http);
    this.names = lab.hosts().stream().map(LabHost::name).toList();
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
    return names;
  }

  /** The nodes not {@linkplain #retire retired}, in lab order. */
  public List<String> activeNodeNames() {
    return names.stream().filter(n -> !retired.contains(n)).toList();
  }

  public boolean isRetired(String node) {
    return retired.contains(node);
  }

  public MembersClient members() {
    return members;
  }

  /** The client URLs of the active nodes, to send membership requests through. */
  public List<URI> activeUrls() {
    return activeNodeNames().stream().map(this::url).toList();
  }

  /**
   * The membership as the leader lists it ({@code GET /v1/members}), else as the first active node
   * that answers lists it; empty when none answers.
   */
  public Optional<Members> currentMembers() {
    List<URI> via = new java.util.ArrayList<>();
    leader().filter(l -> !retired.contains(l)).ifPresent(l -> via.add(url(l)));
    via.addAll(activeUrls());
    return members.list(via);
  }

  /**
   * Stops {@code node} (it has been removed from the membership) and wipes its data directory, so
   * that the id can only come back as a new member through {@link #startJoining}.
   */
  public void retire(String node) {
    retired.add(node);
    nodes.get(node).stop(Duration.ofSeconds(3));
    deleteRecursively(dataDir(node));
  }

  /**
   * Starts a retired {@code node} on an empty data directory with {@code --join} through {@code via}:
   * it asks the cluster to add it as an auto-promoted learner. Its log file is appended to.
   */
  public void startJoining(String node, List<URI> via) {
    if (!retired.contains(node)) {
      throw new IllegalStateException(node + " is not retired; only a wiped node may join");
    }
    Path dir = dataDir(node);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LabHost h = lab.host(node);
    nodes.put(node, LabProcess.start(h, options.launcher().joinCommand(h, via, dir), nodes.get(node).log()));
    retired.remove(node);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot wipe " + dir, e);
    }
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
   * The leader as the nodes report it: the id named by a majority of the active nodes, counting only
   * live, unpaused ones that answer. A lone node's claim is not enough, since an isolated old leader
   * may still believe it leads (§6.2 of the Raft thesis).
   */
  public Optional<String> leader() {
    Map<String, Integer> votes = new LinkedHashMap<>();
    List<String> active = activeNodeNames();
    for (String n : active) {
      LabProcess p = nodes.get(n);
      if (p.isAlive() && !p.isPaused()) {
        control.leaderSeenBy(url(n)).ifPresent(l -> votes.merge(l, 1, Integer::sum));
      }
    }
    int majority = active.size() / 2 + 1;
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

  /**
   * Heals everything a nemesis may have done: firewalls flushed, paused nodes resumed, dead nodes
   * restarted; a retired node stays stopped (it is no member, and its directory is empty).
   */
  public void healAll() {
    for (String n : activeNodeNames()) {
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
    for (String n : names) {
      LabProcess p = nodes.get(n);
      if (p != null) {
        p.stop(Duration.ofSeconds(3));
      }
    }
    lab.close();
  }
}
