package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.kv.server.metrics.Exposition;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process written with 64 KiB values past a small {@code --max-history-bytes} and
 * {@code --quota-bytes}: the history is compacted inside the (default) retention and stays near its bound,
 * writes past the quota get 507 {@code no_space} with a JSON message while the node keeps serving, and
 * deleting keys frees room for writes again.
 */
class StoreBudgetProcessTest {

  private static final long HISTORY_BOUND = 2L << 20;
  private static final long QUOTA = 32L << 20;
  private static final String VALUE = "x".repeat(64 * 1024);

  @TempDir Path dir;
  private ProcessCluster cluster;

  @AfterEach
  void stopTheNode() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void largeValuesAreBoundedByTheHistoryBoundAndRefusedPastTheQuota() throws Exception {
    cluster = new ProcessCluster(dir, 1, List.of("--max-history-bytes", "2MiB", "--quota-bytes", "32MiB"));
    cluster.startAll();
    String n = cluster.awaitLeader(Duration.ofSeconds(60));

    // 300 overwrites of 4 keys: 19 MiB of history without the bound, far under the quota with it.
    for (int i = 0; i < 300; i++) {
      HttpResponse<String> r = cluster.put(n, "hot" + (i % 4), VALUE);
      assertThat(r.statusCode()).as("overwrite %d: %s", i, r.body()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Exposition m = cluster.metrics(n);
      assertThat(m.value("raftkv_mvcc_compactions_forced_total")).isGreaterThan(0);
      assertThat(m.value("raftkv_mvcc_history_bytes")).isLessThanOrEqualTo(HISTORY_BOUND);
    });
    HttpResponse<String> old = cluster.get(n, "/v1/kv/hot0?revision=1");
    assertThat(old.statusCode()).as("revision 1 was compacted inside the retention").isEqualTo(410);
    assertThat(old.body()).contains("\"compactRevision\"");

    // Distinct keys fill the live state until the quota refuses.
    int written = 0;
    HttpResponse<String> refused = null;
    while (written < 1000) {
      HttpResponse<String> r = cluster.put(n, "cold" + written, VALUE);
      if (r.statusCode() != 200) {
        refused = r;
        break;
      }
      written++;
    }
    assertThat(refused).as("the quota refused a write within 1000 puts of 64 KiB").isNotNull();
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
    assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    assertThat(refused.body()).contains("\"no_space\"").contains("--quota-bytes");
    // The refusal comes near quota / value size: not before half of it (the history takes at most its bound
    // plus what is written between two compaction ticks), never after it.
    assertThat((long) written * VALUE.length()).isBetween(QUOTA / 2, QUOTA);
    assertThat(cluster.get(n, "/v1/kv/cold" + written).statusCode()).as("the refused write was not applied")
        .isEqualTo(404);

    Exposition full = cluster.metrics(n);
    assertThat(full.value("raftkv_server_quota_rejections_total")).isGreaterThanOrEqualTo(1);
    assertThat(full.value("raftkv_server_quota_bytes")).isEqualTo(QUOTA);
    assertThat(full.value("raftkv_mvcc_store_bytes")).isLessThanOrEqualTo(QUOTA);
    assertThat(cluster.get(n, "/v1/kv/cold0").statusCode()).as("the node still serves reads").isEqualTo(200);
    assertThat(cluster.isRunning(n)).isTrue();

    // Deleting frees the space once the deleted versions are compacted away (the byte bound forces it).
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> d = cluster.delete(n, "cold" + i);
      assertThat(d.statusCode()).as("delete over the quota: %s", d.body()).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(cluster.put(n, "again", VALUE).statusCode()).isEqualTo(200));
  }
}
