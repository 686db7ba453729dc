package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11's "{@code --join} catches up by snapshot" with real processes: three founders snapshot every
 * 100 entries and keep 10 behind it, so after 400 writes no founder holds log entry 1 any more; a fourth
 * node started with {@code --join} on an empty data dir can then only catch up by an InstallSnapshot. It
 * must be promoted to voter (within 20 entries of the commit index), report the installed snapshot
 * ({@code raftkv_server_snapshots_installed_total} and its log), and answer every acknowledged write, including those written while it was joining, from its own
 * state (serializable reads).
 */
class JoinBySnapshotProcessTest {

  private static final Pattern SNAPSHOT_FILE = Pattern.compile("(\\d{20})-\\d{20}\\.snap");
  private static final Pattern INSTALLED =
      Pattern.compile("(?m)^raftkv_server_snapshots_installed_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

  @TempDir Path dir;
  private ProcessCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aJoinedNodeInstallsASnapshotIsPromotedAndServesEveryAcknowledgedWrite() throws Exception {
    // --promote-max-lag 20: the promotion waits until n4 is really caught up (the default 1000 would
    // promote it at once, this cluster's whole log being shorter).
    cluster = new ProcessCluster(dir, 3, List.of("--snapshot-entries", "100", "--retain-entries", "10",
        "--promote-max-lag", "20"));
    cluster.startAll();
    cluster.reserve("n4");
    cluster.awaitLeader(Duration.ofSeconds(30));
    Map<String, String> acked = new LinkedHashMap<>();
    for (int i = 0; i < 400; i++) {
      cluster.putUntilAcknowledged("k" + i, "v" + i);
      acked.put("k" + i, "v" + i);
    }
    for (String founder : List.of("n1", "n2", "n3")) {
      // retain-entries 10: a snapshot above index 11 means entry 1 is compacted away on that founder.
      await().atMost(Duration.ofSeconds(30)).until(() -> newestSnapshotIndex(founder) > 20);
    }

    long t0 = System.nanoTime();
    cluster.startJoining("n4", List.of("n1", "n2", "n3"));
    for (int i = 400; i < 450; i++) {
      cluster.putUntilAcknowledged("k" + i, "v" + i);
      acked.put("k" + i, "v" + i);
    }
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> cluster.memberRole("n1", "n4").equals("voter"));
    long promotedMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(snapshotsInstalled("n4")).as("n4 caught up by InstallSnapshot; its log:\n%s", cluster.log("n4"))
        .isGreaterThanOrEqualTo(1);
    assertThat(cluster.log("n4")).contains("restored state machine from snapshot");
    for (Map.Entry<String, String> e : acked.entrySet()) {
      HttpResponse<String> r = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> cluster.get("n4", "/v1/kv/" + e.getKey() + "?consistency=serializable"),
              x -> x.statusCode() == 200);
      assertThat(r.body()).as(e.getKey()).isEqualTo(e.getValue());
    }
    System.out.println("n4 joined by snapshot and was promoted " + promotedMillis + " ms after its start; "
        + acked.size() + " acknowledged writes read back from it");
  }

  private long snapshotsInstalled(String id) throws Exception {
    Matcher m = INSTALLED.matcher(cluster.get(id, "/metrics").body());
    assertThat(m.find()).as("metric raftkv_server_snapshots_installed_total on " + id).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  /** The index of the newest snapshot file in {@code id}'s data dir, or 0. */
  private long newestSnapshotIndex(String id) throws IOException {
    try (Stream<Path> files = Files.walk(cluster.dataDir(id))) {
      return files.map(p -> SNAPSHOT_FILE.matcher(p.getFileName().toString()))
          .filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
    }
  }
}
