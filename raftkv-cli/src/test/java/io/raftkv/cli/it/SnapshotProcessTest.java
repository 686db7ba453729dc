package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.cli.client.CliRunner;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore with real server processes (issue #11): a backup saved while a client keeps
 * writing, verified by {@code snapshot status}, refused when corrupted, and restored into a NEW 3-node
 * cluster that serves every key of the backup with its revisions.
 */
class SnapshotProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Election timeouts above the scheduling gaps of a loaded shared machine: this test is about backups. */
  private static final List<String> CALM = List.of("--election-timeout-ms", "1000", "--heartbeat-ms", "100");

  @TempDir Path dir;
  private ProcessCluster old;
  private ProcessCluster restored;

  @AfterEach
  void tearDown() throws Exception {
    for (ProcessCluster c : new ProcessCluster[] {old, restored}) {
      if (c != null) {
        for (String id : c.ids()) {
          String log = c.log(id);
          System.out.println("---- " + id + " ----\n" + log.substring(Math.max(0, log.length() - 3000)));
        }
      }
    }
    if (old != null) {
      old.close();
    }
    if (restored != null) {
      restored.close();
    }
  }

  @Test
  void saveUnderLoadThenRestoreIntoANewClusterWithEveryKeyAndRevision() throws Exception {
    old = new ProcessCluster(dir.resolve("old"), 3, CALM);
    old.startAll();
    old.awaitLeader(Duration.ofSeconds(60));
    for (int i = 0; i < 200; i++) {
      old.putUntilAcknowledged("pre/" + i, "v" + i);
    }
    for (int i = 0; i < 200; i += 3) {
      old.putUntilAcknowledged("pre/" + i, "second-" + i); // version 2, createRevision != modRevision
    }
    JsonNode before = range(old, "n1", "pre/");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger loadAcked = new AtomicInteger();
    Thread load = new Thread(() -> {
      for (int i = 0; writing.get(); i++) {
        old.putUntilAcknowledged("load/" + i, "x".repeat(100));
        loadAcked.incrementAndGet();
      }
    });
    load.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> loadAcked.get() >= 20);
    Path backup = dir.resolve("backup.rkvb");
    CliRunner.Result save = CliRunner.run("snapshot", "save", backup.toString(), "--endpoints",
        old.url("n2", "").toString());
    int ackedAfterSave = loadAcked.get();
    writing.set(false);
    load.join();
    assertThat(save.code()).as(save.err()).isZero();
    assertThat(save.out()).contains("hash: ok");

    CliRunner.Result status = CliRunner.run("snapshot", "status", backup.toString());
    assertThat(status.code()).as(status.err()).isZero();
    long keys = Long.parseLong(line(status.out(), "keys"));
    // Linearizable: every write acknowledged before the save began is in the backup.
    assertThat(keys).isGreaterThanOrEqualTo(200 + 20).isLessThanOrEqualTo(200 + ackedAfterSave + 1);

    Path corrupt = dir.resolve("corrupt.rkvb");
    byte[] bytes = Files.readAllBytes(backup);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(corrupt, bytes);
    CliRunner.Result badStatus = CliRunner.run("snapshot", "status", corrupt.toString());
    assertThat(badStatus.code()).isEqualTo(1);
    assertThat(badStatus.err()).contains("corrupt");
    Path refused = dir.resolve("refused");
    CliRunner.Result badRestore = CliRunner.run("snapshot", "restore", corrupt.toString(), "--data-dir",
        refused.toString(), "--id", "n1", "--cluster", "n1=127.0.0.1:1");
    assertThat(badRestore.code()).isEqualTo(1);
    assertThat(badRestore.err()).contains("corrupt");
    assertThat(refused).doesNotExist();

    restored = new ProcessCluster(dir.resolve("new"), 3, CALM);
    for (String id : restored.ids()) {
      CliRunner.Result r = CliRunner.run("snapshot", "restore", backup.toString(), "--data-dir",
          restored.dataDir(id).toString(), "--id", id, "--cluster", restored.clusterSpec());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("of new cluster restored-");
    }
    restored.startAll();
    restored.awaitLeader(Duration.ofSeconds(60));
    for (String id : restored.ids()) {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        assertThat(range(restored, id, "pre/").get("kvs")).isEqualTo(before.get("kvs"));
        assertThat(range(restored, id, "").get("kvs").size()).isEqualTo((int) keys);
      });
    }
    // The restored cluster is a working cluster of its own: it takes writes.
    assertThat(restored.putUntilAcknowledged("after-restore", "yes").statusCode()).isEqualTo(200);
    String oldCluster = old.get("n1", "/v1/cluster").body();
    String newCluster = restored.get("n1", "/v1/cluster").body();
    assertThat(JSON.readTree(newCluster).get("clusterId").asText())
        .isNotEqualTo(JSON.readTree(oldCluster).get("clusterId").asText());
  }

  private static JsonNode range(ProcessCluster c, String id, String prefix) throws Exception {
    HttpResponse<String> r = c.get(id, "/v1/kv?limit=10000&prefix=" + prefix);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String line(String out, String name) {
    return out.lines().filter(l -> l.startsWith(name + ": ")).findFirst().orElseThrow().substring(name.length() + 2);
  }
}
