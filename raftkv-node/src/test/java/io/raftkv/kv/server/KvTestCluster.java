package io.raftkv.kv.server;

import static org.awaitility.Awaitility.await;

import io.raftkv.kv.KvStateMachine;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.Status;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.server.NodeOptions;
import io.raftkv.server.RaftDriver;
import io.raftkv.server.transport.InMemoryNetwork;
import io.raftkv.storage.DurableStorage;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Real KV nodes without sockets: per node a {@link DurableStorage} in a temp dir, a {@link RaftDriver}, a
 * {@link KvReplica} over a {@link KvStateMachine}, joined by one {@link InMemoryNetwork} (raft-server's
 * test-jar) whose links tests cut and heal. Services are made on demand so a test picks its own request
 * timeout and pending cap; several services of one node share its replica (and so its pending count).
 *
 * <p>Owns every node it started and closes them all.
 */
final class KvTestCluster implements AutoCloseable {

  /**
   * Elections within a second, yet ten heartbeats per election timeout so a loaded machine does not
   * depose a healthy leader mid-test. CheckQuorum is off so a leader cut off from its followers stays
   * leader until it hears a higher term: a test that cuts links and then proposes never races the
   * leader's step-down (a timer on the event loop thread).
   */
  static final NodeOptions FAST = new NodeOptions(Duration.ofMillis(10), Duration.ofMillis(500),
      Duration.ofMillis(50), 50_000, 64L << 20, 5_000, 20_000, true, false, false);

  /** One started node. */
  record Node(String id, DurableStorage storage, RaftDriver driver, KvReplica replica) {
    Status status() {
      try {
        return driver.status().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("status of " + id + " unavailable", e);
      }
    }

    KvStateMachine state() {
      return replica.state();
    }
  }

  private final Path dir;
  private final List<String> ids;
  private final NodeOptions options;
  private final InMemoryNetwork network = new InMemoryNetwork(7);
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final ClusterSpec spec;

  KvTestCluster(Path dir, List<String> ids, NodeOptions options) {
    this.dir = dir;
    this.ids = List.copyOf(ids);
    this.options = options;
    Map<String, InetSocketAddress> members = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      // Only checked by ServerConfig; the in-memory transport routes by node id.
      members.put(ids.get(i), InetSocketAddress.createUnresolved("127.0.0.1", 7001 + i));
    }
    this.spec = new ClusterSpec(members);
  }

  void startAll() {
    ids.forEach(this::start);
  }

  void start(String id) {
    start(id, true);
  }

  /** Starts {@code id} with empty storage and no membership, as {@code --join} does; it waits to be added. */
  void startJoining(String id) {
    start(id, false);
  }

  private void start(String id, boolean bootstrap) {
    DurableStorage storage = DurableStorage.open(dir.resolve(id), DurableStorage.Options.defaults());
    if (bootstrap && storage.lastIndex() == 0) {
      storage.bootstrap(ConfState.ofVoters(Set.copyOf(ids)));
    }
    KvReplica replica = new KvReplica(new KvStateMachine());
    RaftDriver driver = new RaftDriver(id, options, storage, network.transport(id), replica);
    nodes.put(id, new Node(id, storage, driver, replica));
    driver.start();
  }

  InMemoryNetwork network() {
    return network;
  }

  Node node(String id) {
    return nodes.get(id);
  }

  /** A service on node {@code id} with the given request timeout and the cluster's pending cap. */
  RaftKvService service(String id, Duration requestTimeout) {
    return service(id, requestTimeout, options.maxPendingProposals());
  }

  RaftKvService service(String id, Duration requestTimeout, int maxPending) {
    NodeOptions o = new NodeOptions(options.tick(), options.electionTimeout(), options.heartbeatInterval(),
        options.snapshotEntries(), options.snapshotBytes(), options.retainEntries(), maxPending,
        options.preVote(), options.checkQuorum(), options.leaseReads());
    Map<String, InetSocketAddress> members = new LinkedHashMap<>(spec.members());
    members.putIfAbsent(id, InetSocketAddress.createUnresolved("127.0.0.1", 7100 + Math.floorMod(id.hashCode(), 800)));
    InetSocketAddress peer = members.get(id);
    // Each node its own client port (8000 + peer port offset), so client URLs are distinct members' URLs.
    ServerConfig config = new ServerConfig(id, dir.resolve(id), peer,
        InetSocketAddress.createUnresolved("127.0.0.1", 8000 + peer.getPort() - 7000), new ClusterSpec(members),
        "test-cluster", o, 1 << 20, requestTimeout, false);
    Node n = nodes.get(id);
    return new RaftKvService(config, n.replica(), n.driver(), new RaftMembership(config, n.replica(), n.driver()));
  }

  /** Waits until one of {@code among} leads and every one of them follows it; returns its id. */
  String awaitLeader(List<String> among) {
    String[] leader = new String[1];
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      for (String id : among) {
        RaftDriver d = nodes.get(id).driver();
        if (d.softState().role() == StateRole.LEADER) {
          leader[0] = id;
          return among.stream().allMatch(o -> id.equals(nodes.get(o).driver().softState().leaderId()));
        }
      }
      return false;
    });
    return leader[0];
  }

  String awaitLeader() {
    return awaitLeader(ids);
  }

  List<String> others(String id) {
    List<String> rest = new ArrayList<>(ids);
    rest.remove(id);
    return rest;
  }

  /** Waits until every started node has applied at least {@code index}. */
  void awaitAppliedEverywhere(long index) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> nodes.values().stream().allMatch(n -> n.driver().lastApplied() >= index));
  }

  /** Stops {@code id} (its storage stays in the temp dir). */
  void stop(String id) {
    Node n = nodes.remove(id);
    n.driver().close();
    n.storage().close();
  }

  @Override
  public void close() {
    for (Node n : nodes.values()) {
      n.driver().close();
      n.storage().close();
    }
    nodes.clear();
  }
}
