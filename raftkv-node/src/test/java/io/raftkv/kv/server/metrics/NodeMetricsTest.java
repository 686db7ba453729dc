package io.raftkv.kv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

  private final FakeNode node = new FakeNode();
  private final AtomicLong failed = new AtomicLong();
  private final NodeMetrics metrics = new NodeMetrics();

  NodeMetricsTest() {
    metrics.bind(node, () -> 4, failed::get, () -> 9, () -> 2, List.of("n2", "n3"),
        peer -> peer.equals("n2") ? 1234 : 0);
  }

  private Exposition scrape() {
    MetricsExpositionCheck e = new MetricsExpositionCheck(metrics.scrape(null));
    assertThat(e.contentType()).startsWith("text/plain; version=0.0.4");
    return Exposition.parsePrometheus(e.text());
  }

  @Test
  void everyDocumentedMetricIsExposedWithItsType() {
    Map<String, String> types = Map.ofEntries(
        Map.entry("raftkv_server_has_leader", "gauge"),
        Map.entry("raftkv_server_is_leader", "gauge"),
        Map.entry("raftkv_server_term", "gauge"),
        Map.entry("raftkv_server_commit_index", "gauge"),
        Map.entry("raftkv_server_applied_index", "gauge"),
        Map.entry("raftkv_server_proposals_pending", "gauge"),
        Map.entry("raftkv_server_apply_backlog_bytes", "gauge"),
        Map.entry("raftkv_server_leader_changes_seen_total", "counter"),
        Map.entry("raftkv_server_proposals_committed_total", "counter"),
        Map.entry("raftkv_server_proposals_applied_total", "counter"),
        Map.entry("raftkv_server_proposals_failed_total", "counter"),
        Map.entry("raftkv_server_read_index_total", "counter"),
        Map.entry("raftkv_server_snapshots_installed_total", "counter"),
        Map.entry("raftkv_network_peer_sent_bytes_total", "counter"),
        Map.entry("raftkv_http_requests_total", "counter"),
        Map.entry("raftkv_http_request_duration_seconds", "histogram"),
        Map.entry("raftkv_disk_wal_fsync_duration_seconds", "histogram"),
        Map.entry("raftkv_disk_backend_snapshot_duration_seconds", "histogram"),
        Map.entry("raftkv_network_peer_round_trip_time_seconds", "histogram"),
        Map.entry("jvm_memory_used_bytes", "gauge"),
        Map.entry("process_cpu_seconds_total", "counter"));
    // Labelled families appear with their first series.
    metrics.observe("kv_key", "GET", 200, 1_000);
    metrics.roundTrip("n2", 1_000);
    Exposition e = scrape();
    types.forEach((name, type) -> assertThat(e.family(name).type()).as(name).isEqualTo(type));
    assertThat(e.families().keySet()).filteredOn(n -> n.startsWith("raftkv_"))
        .as("no undocumented raftkv metric").allMatch(types::containsKey);
  }

  @Test
  void callbacksReadTheNodeAtScrapeTime() {
    node.leader = true;
    node.term = 7;
    node.commitIndex = 40;
    node.lastApplied = 38;
    node.snapshotsInstalled = 3;
    failed.set(5);
    Exposition e = scrape();
    assertThat(e.value("raftkv_server_is_leader")).isEqualTo(1);
    assertThat(e.value("raftkv_server_has_leader")).isEqualTo(1);
    assertThat(e.value("raftkv_server_term")).isEqualTo(7);
    assertThat(e.value("raftkv_server_proposals_committed_total")).isEqualTo(40);
    assertThat(e.value("raftkv_server_proposals_applied_total")).isEqualTo(38);
    assertThat(e.value("raftkv_server_proposals_failed_total")).isEqualTo(5);
    assertThat(e.value("raftkv_server_proposals_pending")).isEqualTo(4);
    assertThat(e.value("raftkv_server_read_index_total")).isEqualTo(9);
    assertThat(e.value("raftkv_server_snapshots_installed_total")).isEqualTo(3);
    assertThat(e.value("raftkv_server_leader_changes_seen_total")).isEqualTo(2);
    assertThat(e.value("raftkv_network_peer_sent_bytes_total", "to", "n2")).isEqualTo(1234);
    assertThat(e.value("raftkv_network_peer_sent_bytes_total", "to", "n3")).isEqualTo(0);
    node.leaderId = null;
    assertThat(scrape().value("raftkv_server_has_leader")).isEqualTo(0);
  }

  @Test
  void eventsLandInTheirCountersAndHistograms() {
    metrics.observe("kv_key", "PUT", 200, 2_000_000);
    metrics.observe("kv_key", "PUT", 200, 3_000_000);
    metrics.observe("kv_key", "GET", 404, 1_000_000);
    metrics.walFsynced(500_000);
    metrics.snapshotSaved(40_000_000);
    metrics.roundTrip("n3", 250_000);
    Exposition e = scrape();
    assertThat(e.value("raftkv_http_requests_total", "route", "kv_key", "method", "PUT", "code", "200")).isEqualTo(2);
    assertThat(e.value("raftkv_http_requests_total", "route", "kv_key", "method", "GET", "code", "404")).isEqualTo(1);
    assertThat(e.value("raftkv_http_request_duration_seconds_count", "route", "kv_key", "method", "PUT"))
        .isEqualTo(2);
    assertThat(e.value("raftkv_http_request_duration_seconds_sum", "route", "kv_key", "method", "PUT"))
        .isCloseTo(0.005, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(e.value("raftkv_disk_wal_fsync_duration_seconds_count")).isEqualTo(1);
    assertThat(e.bucket("raftkv_disk_wal_fsync_duration_seconds", 0.0005)).isEqualTo(1);
    assertThat(e.bucket("raftkv_disk_wal_fsync_duration_seconds", 0.00025)).isEqualTo(0);
    assertThat(e.value("raftkv_disk_backend_snapshot_duration_seconds_count")).isEqualTo(1);
    assertThat(e.value("raftkv_network_peer_round_trip_time_seconds_count", "to", "n3")).isEqualTo(1);
  }

  @Test
  void openMetricsWhenTheScraperAsksForIt() {
    MetricsExpositionCheck om = new MetricsExpositionCheck(
        metrics.scrape("application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5"));
    assertThat(om.contentType()).startsWith("application/openmetrics-text");
    Exposition e = Exposition.parseOpenMetrics(om.text());
    assertThat(e.family("raftkv_server_leader_changes_seen").type()).isEqualTo("counter");
    assertThat(e.value("raftkv_server_leader_changes_seen_total")).isEqualTo(2);
    assertThat(new MetricsExpositionCheck(metrics.scrape("text/plain")).contentType()).startsWith("text/plain");
  }

  @Test
  void theParserRejectsMalformedExpositions() {
    assertThatThrownBy(() -> Exposition.parsePrometheus("x 1\n")).hasMessageContaining("outside its family");
    assertThatThrownBy(() -> Exposition.parsePrometheus("# TYPE x gauge\nx{a=\"\\q\"} 1\n"))
        .hasMessageContaining("bad escape");
    assertThatThrownBy(() -> Exposition.parsePrometheus("# TYPE x gauge\nx 1\nx 2\n"))
        .hasMessageContaining("repeated series");
    assertThatThrownBy(() -> Exposition.parsePrometheus("# TYPE x gauge\nx one\n")).hasMessageContaining("bad value");
    assertThatThrownBy(() -> Exposition.parsePrometheus("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
        + "h_bucket{le=\"+Inf\"} 1\nh_count 1\n")).hasMessageContaining("buckets decrease");
    assertThatThrownBy(() -> Exposition.parseOpenMetrics("# TYPE x gauge\nx 1\n")).hasMessageContaining("# EOF");
  }

  /** A scrape's content type and body as text. */
  private record MetricsExpositionCheck(String contentType, String text) {
    MetricsExpositionCheck(io.raftkv.kv.http.MetricsSource.Exposition e) {
      this(e.contentType(), new String(e.body(), StandardCharsets.UTF_8));
    }
  }
}
