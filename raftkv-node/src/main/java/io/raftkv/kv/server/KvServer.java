package io.raftkv.kv.server;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.KvStateMachine;
import io.raftkv.kv.http.HttpObserver;
import io.raftkv.kv.http.HttpServerConfig;
import io.raftkv.kv.http.KvHttpServer;
import io.raftkv.kv.http.LocalMode;
import io.raftkv.kv.http.Observability;
import io.raftkv.kv.server.events.DriverEventFeed;
import io.raftkv.kv.server.metrics.DriverView;
import io.raftkv.kv.server.metrics.NodeMetrics;
import io.raftkv.kv.server.metrics.NodeProbes;
import io.raftkv.kv.server.metrics.RequestWindow;
import io.raftkv.kv.server.metrics.RoundTripTransport;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.server.RaftDriver;
import io.raftkv.server.events.EventHub;
import io.raftkv.storage.DurableStorage;
import io.raftkv.transport.netty.NettyTransport;
import io.raftkv.transport.netty.TransportConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RaftKV node process: durable storage, the Netty peer transport, the Raft runtime with the KV state
 * machine, and the HTTP API, started in that order and stopped in reverse.
 *
 * <p>On first start the storage is bootstrapped with the {@code --cluster} membership (unless the node
 * joins an existing cluster: then it starts with no membership and waits to be added); on restart the
 * stored identity is checked and {@code --cluster} is only compared, never reapplied. The transport's
 * peers follow the replicated {@link MemberTable}; {@code --cluster} only supplies addresses for members
 * the table does not know (yet).
 */
public final class KvServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KvServer.class);
  /** The Raft storage's directory inside the data dir. */
  static final String RAFT_DIR = "raft";

  private final ServerConfig config;
  private final DurableStorage storage;
  private final RaftDriver driver;
  private final KvHttpServer http;
  private final RaftMembership membership;
  private final KvHttpServer metricsHttp; // null without --metrics-listen
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closed;

  private final AutoCompactor compactor;

  private KvServer(ServerConfig config, DurableStorage storage, RaftDriver driver, KvHttpServer http,
      KvHttpServer metricsHttp, RaftMembership membership, AutoCompactor compactor) {
    this.compactor = compactor;
    this.config = config;
    this.storage = storage;
    this.driver = driver;
    this.http = http;
    this.membership = membership;
    this.metricsHttp = metricsHttp;
  }

  /** Starts a node; throws with a readable message if the data dir, ports or config are unusable. */
  public static KvServer start(ServerConfig config) {
    return start(config, false);
  }

  /**
   * Starts a node; with {@code joining} a node with an empty data dir does not bootstrap a cluster but
   * waits for an existing one to add it ({@code raftkv server --join}).
   */
  public static KvServer start(ServerConfig config, boolean joining) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + config.dataDir() + ": " + e.getMessage(), e);
    }
    NodeIdentity identity = NodeIdentity.loadOrCreate(config.dataDir(), config);
    identity.check(config);
    if (!identity.founders().equals(config.cluster().format())) {
      log.warn("--cluster {} differs from the founding membership {}; membership comes from the log, "
          + "--cluster only supplies peer addresses", config.cluster().format(), identity.founders());
    }
    DurableStorage storage = DurableStorage.open(config.dataDir().resolve(RAFT_DIR), DurableStorage.Options.defaults());
    RaftDriver driver = null;
    KvHttpServer http = null;
    NodeMetrics metrics = new NodeMetrics();
    storage.observe(metrics);
    try {
      if (!joining && storage.lastIndex() == 0 && storage.snapshotMetadata().isEmpty()
          && storage.initialState().confState().voters().isEmpty()) {
        storage.bootstrap(ConfState.ofVoters(config.cluster().members().keySet()));
        storage.sync();
        log.info("bootstrapped new cluster {} with members {}", identity.clusterId(), config.cluster().format());
      }
      Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
      config.cluster().members().forEach((id, a) -> {
        if (!id.equals(config.id())) {
          peers.put(id, new InetSocketAddress(a.getHostString(), a.getPort()));
        }
      });
      InetSocketAddress peerBind = resolve(config.peerAddress());
      NettyTransport transport = NettyTransport.create(
          TransportConfig.of(identity.clusterId(), config.id(), peerBind, peers));
      KvStateMachine state = new KvStateMachine(new KvLimits(config.maxValueBytes(), KvLimits.DEFAULT_MAX_TXN_OPS));
      KvReplica replica = new KvReplica(state);
      Map<String, InetSocketAddress> seeds = Map.copyOf(peers);
      replica.onMembersChanged(table -> {
        Map<String, InetSocketAddress> merged = new LinkedHashMap<>(seeds);
        merged.putAll(table.peersOf(config.id()));
        transport.updatePeers(merged);
      });
      IsolationTransport isolation = config.localControl() == null ? null : new IsolationTransport(transport);
      driver = new RaftDriver(config.id(), config.node(), storage,
          new RoundTripTransport(isolation == null ? transport : isolation, metrics, System::nanoTime), replica);
      logMismatch(config, replica.members());
      driver.start();
      RaftMembership membership = new RaftMembership(config, replica, driver);
      RaftKvService service = new RaftKvService(config, replica, driver, membership, storage, identity.clusterId());
      RaftDriver running = driver;
      AutoCompactor compactor = new AutoCompactor(config.compaction(), config.budget().maxHistoryBytes(), state,
          service, () -> config.id().equals(running.softState().leaderId()), System::nanoTime);
      metrics.bindStore(state::storeBytes, state::historyBytes, config.budget().quotaBytes(),
          compactor::forcedCompactions, service.quota()::refused);
      Observability observability = observe(config, driver, service, transport, metrics);
      InetSocketAddress client = config.clientAddress();
      HttpServerConfig httpConfig = HttpServerConfig.defaults(client.getHostString(), client.getPort(),
          state.limits(), config.requestTimeout());
      KvHttpServer metricsHttp = null;
      try {
        http = KvHttpServer.start(httpConfig, service, config.maxOpenStreams(), observability,
            isolation == null ? null : new LocalMode(config.localControl(), isolation));
        InetSocketAddress m = config.metricsAddress();
        if (m != null) {
          metricsHttp = KvHttpServer.startProbes(HttpServerConfig.defaults(m.getHostString(), m.getPort(),
              state.limits(), config.requestTimeout()), observability);
          log.info("metrics and probes on {}", metricsHttp.localAddress());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the HTTP server", e);
      }
      log.info("node {} of cluster {}: HTTP on {}:{}, peers on {}", config.id(), identity.clusterId(),
          client.getHostString(), http.port(), transport.localAddress());
      compactor.start(1000);
      return new KvServer(config, storage, driver, http, metricsHttp, membership, compactor);
    } catch (RuntimeException e) {
      if (http != null) {
        http.close();
      }
      if (driver != null) {
        driver.close();
      }
      storage.close();
      throw e;
    }
  }

  /** On restart the member table from the snapshot wins over --cluster; a difference is only logged. */
  private static void logMismatch(ServerConfig config, MemberTable table) {
    config.cluster().members().forEach((id, a) -> {
      MemberAddress known = table.get(id);
      if (known != null && !known.peerAddress().isEmpty() && !known.peerAddress().equals(MemberAddress.hostPort(a))) {
        log.warn("--cluster gives {} the address {}, the replicated member table {}; using the table",
            id, MemberAddress.hostPort(a), known.peerAddress());
      }
    });
  }

  /** Metrics and probes of this node; see docs/API.md for each metric and check. */
  private static Observability observe(ServerConfig config, RaftDriver driver, RaftKvService service,
      NettyTransport transport, NodeMetrics metrics) {
    DriverView view = new DriverView(driver);
    metrics.bind(view, service::pendingWrites, service::failedWrites, () -> driver.stats().readIndexRounds(),
        () -> driver.stats().leaderChanges(),
        config.cluster().members().keySet().stream().filter(id -> !id.equals(config.id())).toList(),
        transport::sentBytes);
    // Liveness allows a stall of 10 s or 20 election timeouts, well beyond any GC pause or slow fsync.
    Duration stall = Duration.ofSeconds(10).compareTo(config.node().electionTimeout().multipliedBy(20)) > 0
        ? Duration.ofSeconds(10) : config.node().electionTimeout().multipliedBy(20);
    NodeProbes probes = new NodeProbes(view, System::nanoTime, stall, Duration.ofSeconds(2),
        RaftDriver.MAX_UNAPPLIED_BYTES / 2);
    RequestWindow requests = new RequestWindow(System::nanoTime);
    HttpObserver http = (route, method, status, nanos) -> {
      metrics.observe(route, method, status, nanos);
      requests.observe(route, method, status, nanos);
    };
    DriverEventFeed events = new DriverEventFeed(config.id(), config.advertiseClientUrl(),
        MemberAddress.hostPort(config.cluster().members().get(config.id())), driver.events(), requests, System::currentTimeMillis, EventHub.DEFAULT_CAPACITY);
    return new Observability(probes.livez(), probes.readyz(), metrics, http, events);
  }

  private static InetSocketAddress resolve(InetSocketAddress a) {
    return new InetSocketAddress(a.getHostString(), a.getPort());
  }

  public int httpPort() {
    return http.port();
  }

  /** The bound {@code --metrics-listen} port, or -1 without one. */
  public int metricsPort() {
    return metricsHttp == null ? -1 : metricsHttp.port();
  }

  /** Non-null when the node stopped itself because storage or the state machine failed. */
  public Throwable fatalError() {
    return driver.fatalError();
  }

  /** Blocks until {@link #close()} ran, or the node failed (then closes it). */
  public void awaitStopped() throws InterruptedException {
    while (!stopped.await(500, TimeUnit.MILLISECONDS)) {
      if (driver.fatalError() != null) {
        log.error("node {} stopping after a fatal error: {}", config.id(), driver.fatalError().toString());
        close();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    compactor.close();
    try {
      http.close();
      if (metricsHttp != null) {
        metricsHttp.close();
      }
    } catch (Exception e) {
      log.warn("closing HTTP server", e);
    }
    membership.close();
    driver.close();
    storage.close();
    log.info("node {} stopped", config.id());
    stopped.countDown();
  }
}
