package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.kv.http.H2StreamClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent watches on one real server process (issue #12): 1,000 by default, {@code -Dwatches=10000}
 * for the full run, multiplexed over HTTP/2 (h2c) connections of at most 100 streams each (the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS), then a burst of writes: every watch gets every write's revision, once, in
 * order. The server's resident set (VmRSS) is printed for the record, not asserted.
 */
class ManyWatchesProcessTest {

  /** The server's advertised SETTINGS_MAX_CONCURRENT_STREAMS (HttpServerConfig's default). */
  private static final int STREAMS_PER_CONNECTION = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ProcessCluster cluster;
  private final List<H2StreamClient> connections = new ArrayList<>();

  @AfterEach
  void tearDown() {
    connections.forEach(H2StreamClient::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyWatchOnOneNodeGetsEveryWriteOfABurstInOrder() throws Exception {
    int watches = Integer.getInteger("watches", 1000);
    int writes = 50;
    cluster = new ProcessCluster(dir, 1, List.of("--max-open-streams", String.valueOf(watches + 10)));
    cluster.startAll();
    String node = cluster.awaitLeader(Duration.ofSeconds(60));
    int port = cluster.url(node, "/").getPort();
    long started = System.nanoTime();
    List<H2StreamClient.Stream> streams = new ArrayList<>();
    for (int i = 0; i < watches; i++) {
      if (i % STREAMS_PER_CONNECTION == 0) {
        connections.add(new H2StreamClient(port));
      }
      streams.add(connections.get(connections.size() - 1).get("/v1/watch?prefix=burst/", false));
    }
    for (H2StreamClient.Stream s : streams) {
      assertThat(s.headers.get(60, TimeUnit.SECONDS).status().toString()).isEqualTo("200");
    }
    long openMillis = (System.nanoTime() - started) / 1_000_000;
    String rssOpen = vmRss(cluster.pid(node));

    List<Long> revisions = new ArrayList<>();
    long burst = System.nanoTime();
    for (int i = 0; i < writes; i++) {
      HttpResponse<String> r = cluster.put(node, "burst/" + (i % 7), "v" + i);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      revisions.add(JSON.readTree(r.body()).get("revision").asLong());
    }
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> streams.stream()
        .allMatch(s -> H2StreamClient.eventIds(s.text()).size() >= writes));
    long deliverMillis = (System.nanoTime() - burst) / 1_000_000;
    System.out.printf("%d watches on %d HTTP/2 connections: opened in %d ms, %d writes delivered to all in %d ms;"
        + " server VmRSS %s with the watches open, %s after the burst%n", watches, connections.size(), openMillis,
        writes, deliverMillis, rssOpen, vmRss(cluster.pid(node)));
    for (H2StreamClient.Stream s : streams) {
      assertThat(H2StreamClient.eventIds(s.text())).isEqualTo(revisions);
      assertThat(s.ended).isNotDone();
    }
  }

  /** The {@code VmRSS} line of a process's /proc status, e.g. "312456 kB". */
  private static String vmRss(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring("VmRSS:".length()).trim())
        .findFirst().orElse("unknown");
  }
}
