package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.kv.server.metrics.Exposition;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics}, {@code /livez} and {@code /readyz} of real server processes: every node's scrape parses
 * strictly, counters move with traffic, and {@code leader_changes_seen_total} moves after the leader is
 * killed. Each node also serves the probes on its {@code --metrics-listen} port.
 */
class MetricsProcessTest {

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, Integer> metricsPorts = new LinkedHashMap<>();
  private ProcessCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private HttpResponse<String> metricsPort(String id, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPorts.get(id) + path))
        .timeout(Duration.ofSeconds(5));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Three JVMs start slowly on a loaded 2-core machine; on failure the nodes' logs say why. */
  private String awaitLeader(Duration timeout) throws IOException {
    try {
      return cluster.awaitLeader(timeout);
    } catch (AssertionError e) {
      StringBuilder logs = new StringBuilder(e.getMessage());
      for (String id : cluster.ids()) {
        String log = cluster.log(id);
        logs.append("\n--- ").append(id).append(":\n").append(log.substring(Math.max(0, log.length() - 3000)));
      }
      throw new AssertionError(logs.toString(), e);
    }
  }

  @Test
  void everyNodeExposesParsableMetricsThatMoveWithTrafficAndLeaderChanges() throws Exception {
    cluster = new ProcessCluster(dir, 3, List.of());
    for (String id : cluster.ids()) {
      try (ServerSocket s = new ServerSocket(0)) {
        metricsPorts.put(id, s.getLocalPort());
      }
      cluster.start(id, List.of("--metrics-listen", "127.0.0.1:" + metricsPorts.get(id)));
    }
    String leader = awaitLeader(Duration.ofSeconds(90));
    Map<String, Exposition> before = new LinkedHashMap<>();
    for (String id : cluster.ids()) {
      // A leader needs two nodes: the third may still be starting its HTTP server or not know the leader
      // yet (a CI run scraped it too early and was refused), so each node is awaited, not assumed.
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        Exposition e = cluster.metrics(id);
        assertThat(e.value("raftkv_server_has_leader")).as(id).isEqualTo(1);
        assertThat(e.value("raftkv_server_is_leader")).as(id).isEqualTo(id.equals(leader) ? 1 : 0);
        assertThat(e.family("jvm_memory_used_bytes").type()).isEqualTo("gauge");
        before.put(id, e);
      });
    }
    for (int i = 0; i < 50; i++) {
      cluster.putUntilAcknowledged("k" + i, "v" + i);
    }
    assertThat(cluster.get(leader, "/v1/kv/k1").statusCode()).isEqualTo(200);
    for (String id : cluster.ids()) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        Exposition e = cluster.metrics(id);
        assertThat(e.value("raftkv_server_proposals_applied_total"))
            .isGreaterThanOrEqualTo(before.get(id).value("raftkv_server_proposals_applied_total") + 50);
        assertThat(e.value("raftkv_disk_wal_fsync_duration_seconds_count"))
            .isGreaterThan(before.get(id).value("raftkv_disk_wal_fsync_duration_seconds_count"));
      });
    }
    Exposition leaderView = cluster.metrics(leader);
    assertThat(leaderView.sum("raftkv_http_requests_total")).isGreaterThan(0);
    assertThat(leaderView.value("raftkv_server_read_index_total")).isGreaterThan(0);
    assertThat(leaderView.sum("raftkv_network_peer_sent_bytes_total"))
        .isGreaterThan(before.get(leader).sum("raftkv_network_peer_sent_bytes_total"));
    assertThat(leaderView.sum("raftkv_network_peer_round_trip_time_seconds_count")).isGreaterThan(0);

    HttpResponse<String> ready = metricsPort(leader, "/readyz?verbose");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("[+]read_index ok", "[+]voter ok");
    assertThat(metricsPort(leader, "/livez").body()).isEqualTo("ok");
    HttpResponse<String> om = metricsPort(leader, "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
    Exposition.parseOpenMetrics(om.body());
    assertThat(metricsPort(leader, "/v1/kv/k1").statusCode()).as("the metrics port serves no data").isEqualTo(404);

    List<String> survivors = cluster.ids().stream().filter(id -> !id.equals(leader)).toList();
    Map<String, Double> changes = new LinkedHashMap<>();
    for (String id : survivors) {
      changes.put(id, cluster.metrics(id).value("raftkv_server_leader_changes_seen_total"));
    }
    cluster.kill9(leader);
    String newLeader = awaitLeader(Duration.ofSeconds(60));
    assertThat(newLeader).isNotEqualTo(leader);
    for (String id : survivors) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(cluster.metrics(id).value("raftkv_server_leader_changes_seen_total")).as(id)
              .isGreaterThan(changes.get(id)));
    }
    assertThat(cluster.metrics(newLeader).value("raftkv_server_is_leader")).isEqualTo(1);
  }
}
