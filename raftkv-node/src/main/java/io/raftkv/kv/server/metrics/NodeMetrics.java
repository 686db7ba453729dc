package io.raftkv.kv.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.raftkv.kv.http.HttpObserver;
import io.raftkv.kv.http.MetricsSource;
import io.raftkv.storage.StorageObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The node's Prometheus registry (Prometheus Java client 1.x) and its rendering for {@code /metrics}.
 * Names mirror etcd's ({@code etcd_server_*}, {@code etcd_disk_*}, {@code etcd_network_*}) with the
 * {@code raftkv_} prefix, so dashboards port over; docs/API.md lists each one.
 *
 * <p>Events (requests, fsyncs, snapshots, round trips) are recorded as they happen through the observer
 * interfaces this class implements; state (role, term, indexes, counters the Raft modules keep) is read by
 * callbacks at scrape time, so the Raft modules carry no metrics library. Labels are bounded: route names,
 * methods, status codes and peer ids, never keys or paths.
 *
 * <p>Each instance has its own registry (several nodes may share a JVM in tests); the JVM metrics are
 * registered in it too.
 */
public final class NodeMetrics implements MetricsSource, HttpObserver, StorageObserver, RoundTripTransport.Recorder {

  /** Latency buckets from 100 µs to 10 s in 1-2.5-5 steps: fsyncs, round trips and requests all fit. */
  private static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final Counter httpRequests;
  private final Histogram httpDuration;
  private final Histogram walFsync;
  private final Histogram snapshotSave;
  private final Histogram peerRoundTrip;

  public NodeMetrics() {
    JvmMetrics.builder().register(registry);
    httpRequests = Counter.builder().name("raftkv_http_requests_total")
        .help("HTTP requests answered, by route name, method and status code")
        .labelNames("route", "method", "code").register(registry);
    httpDuration = latency("raftkv_http_request_duration_seconds",
        "Time from a request's arrival to its response (a stream: its head)", "route", "method");
    walFsync = latency("raftkv_disk_wal_fsync_duration_seconds", "Duration of WAL segment fsyncs");
    snapshotSave = latency("raftkv_disk_backend_snapshot_duration_seconds",
        "Duration of writing a snapshot the state machine made");
    peerRoundTrip = latency("raftkv_network_peer_round_trip_time_seconds",
        "Heartbeat round trip from this leader to a peer", "to");
  }

  /**
   * Registers the callbacks that read the running node; call once, after the node started.
   *
   * @param pendingProposals writes proposed by this node and not yet applied or failed
   * @param proposalsFailed writes that failed (refused, dropped or timed out) since start
   * @param readIndexRounds ReadIndex rounds started since start
   * @param leaderChanges leader changes this node saw since start
   * @param peers the peer ids (bounded label values) and their sent bytes
   */
  public void bind(NodeView node, LongSupplier pendingProposals, LongSupplier proposalsFailed,
      LongSupplier readIndexRounds, LongSupplier leaderChanges, Collection<String> peers,
      ToLongFunction<String> sentBytes) {
    gauge("raftkv_server_has_leader", "1 if this node knows a leader, else 0", () -> node.leaderId() == null ? 0 : 1);
    gauge("raftkv_server_is_leader", "1 if this node is the leader, else 0", () -> node.isLeader() ? 1 : 0);
    gauge("raftkv_server_term", "The current term (currentTerm)", node::term);
    gauge("raftkv_server_commit_index", "The highest log index known to be committed", node::commitIndex);
    gauge("raftkv_server_applied_index", "The highest log index applied to the state machine", node::lastApplied);
    gauge("raftkv_server_proposals_pending", "Writes proposed through this node and not yet answered",
        pendingProposals);
    gauge("raftkv_server_apply_backlog_bytes", "Bytes of committed entries waiting for the applier",
        node::applyBacklogBytes);
    counter("raftkv_server_leader_changes_seen_total", "Leader changes this node has seen", leaderChanges);
    counter("raftkv_server_proposals_committed_total",
        "Entries committed (the commit index; it restarts from the recovered index)", node::commitIndex);
    counter("raftkv_server_proposals_applied_total", "Entries applied (the applied index)", node::lastApplied);
    counter("raftkv_server_proposals_failed_total",
        "Writes that failed: refused by the core, overloaded or not applied in time", proposalsFailed);
    counter("raftkv_server_snapshots_installed_total",
        "Snapshots received from a leader and installed (the node caught up by snapshot)", node::snapshotsInstalled);
    counter("raftkv_server_read_index_total", "ReadIndex rounds started (one per batch of linearizable reads)",
        readIndexRounds);
    CounterWithCallback.builder().name("raftkv_network_peer_sent_bytes_total")
        .help("Bytes sent to each peer on the Raft transport").labelNames("to")
        .callback(cb -> peers.forEach(p -> cb.call(sentBytes.applyAsLong(p), p))).register(registry);
  }

  /**
   * Registers the callbacks that read the store's size and budget (etcd's {@code etcd_mvcc_db_total_size_in_bytes}
   * and {@code etcd_server_quota_backend_bytes}).
   *
   * @param storeBytes the store's estimated heap: keys, live values and history
   * @param historyBytes the part of it that is history
   * @param quotaBytes the write quota, 0 for none
   * @param forcedCompactions compactions the history byte bound forced past the retention
   * @param quotaRejections writes refused with 507 since start
   */
  public void bindStore(LongSupplier storeBytes, LongSupplier historyBytes, long quotaBytes,
      LongSupplier forcedCompactions, LongSupplier quotaRejections) {
    gauge("raftkv_mvcc_store_bytes", "Estimated heap of the store: keys, live values and kept history", storeBytes);
    gauge("raftkv_mvcc_history_bytes", "Estimated heap of the kept history (versions no key's current state)",
        historyBytes);
    gauge("raftkv_server_quota_bytes", "The write quota (--quota-bytes); 0 = none", () -> quotaBytes);
    counter("raftkv_mvcc_compactions_forced_total",
        "Compactions the history byte bound (--max-history-bytes) forced inside the retention", forcedCompactions);
    counter("raftkv_server_quota_rejections_total", "Writes refused with 507 no_space (--quota-bytes)",
        quotaRejections);
  }

  @Override
  public Exposition scrape(String accept) {
    ExpositionFormatWriter writer = formats.getOpenMetricsTextFormatWriter();
    if (accept == null || !writer.accepts(accept)) {
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Exposition(writer.getContentType(), out.toByteArray());
  }

  @Override
  public void observe(String route, String method, int status, long nanos) {
    httpRequests.labelValues(route, method, Integer.toString(status)).inc();
    httpDuration.labelValues(route, method).observe(seconds(nanos));
  }

  @Override
  public void walFsynced(long nanos) {
    walFsync.observe(seconds(nanos));
  }

  @Override
  public void snapshotSaved(long nanos) {
    snapshotSave.observe(seconds(nanos));
  }

  @Override
  public void roundTrip(String peer, long nanos) {
    peerRoundTrip.labelValues(peer).observe(seconds(nanos));
  }

  private Histogram latency(String name, String help, String... labels) {
    return Histogram.builder().name(name).help(help).labelNames(labels).classicOnly()
        .classicUpperBounds(LATENCY_BUCKETS).register(registry);
  }

  private void gauge(String name, String help, LongSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
  }

  private void counter(String name, String help, LongSupplier value) {
    CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
