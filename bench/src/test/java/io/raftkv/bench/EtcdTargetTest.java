package io.raftkv.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.cli.bench.BenchTarget.Outcome;
import io.raftkv.cli.bench.TargetKinds;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EtcdTarget} against a real single-member etcd (the Debian {@code etcd-server} binary; the test is
 * skipped when it is not installed): each operation's outcome and the CAS revision bookkeeping.
 */
class EtcdTargetTest {

  private static final Path ETCD = Paths.get("/usr/bin/etcd");

  @TempDir
  static Path dir;

  private static Process etcd;
  private static String endpoint;

  @BeforeAll
  static void startEtcd() throws IOException {
    assumeThat(Files.isExecutable(ETCD)).as("etcd installed (apt-get install etcd-server)").isTrue();
    int client = freePort();
    int peer = freePort();
    endpoint = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    etcd = new ProcessBuilder(ETCD.toString(), "--name", "t1", "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint, "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl, "--initial-cluster", "t1=" + peerUrl)
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
        HttpRequest.newBuilder(URI.create(endpoint + "/health")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode() == 200);
  }

  @AfterAll
  static void stopEtcd() throws InterruptedException {
    if (etcd != null) {
      etcd.destroyForcibly();
      etcd.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void putThenGetFindsTheKeyBothWaysAndAMissingKeyIsAMiss() throws Exception {
    Map<String, Long> revisions = TargetKinds.newRevisionCache();
    try (EtcdTarget target = new EtcdTarget(List.of(endpoint), Duration.ofSeconds(5), revisions)) {
      byte[] value = "v".getBytes(StandardCharsets.UTF_8);
      assertThat(target.put("t/a", value).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.OK);
      assertThat(revisions.get("t/a")).isPositive();
      assertThat(target.get("t/a", false).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.OK);
      assertThat(target.get("t/a", true).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.OK);
      assertThat(target.get("t/absent", false).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.MISS);
    }
  }

  @Test
  void casSucceedsOnTheKnownRevisionAndConflictsOnAStaleOneThenLearnsTheCurrentRevision() throws Exception {
    Map<String, Long> revisions = TargetKinds.newRevisionCache();
    try (EtcdTarget target = new EtcdTarget(List.of(endpoint), Duration.ofSeconds(5), revisions);
        EtcdTarget other = new EtcdTarget(List.of(endpoint), Duration.ofSeconds(5), TargetKinds.newRevisionCache())) {
      byte[] value = "v".getBytes(StandardCharsets.UTF_8);
      // Absent key, expected revision 0: the create succeeds.
      assertThat(target.cas("t/cas", value).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.OK);
      long created = revisions.get("t/cas");
      assertThat(target.cas("t/cas", value).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.OK);
      assertThat(revisions.get("t/cas")).isGreaterThan(created);
      // Another client writes behind this one's back: the next CAS conflicts and records the new revision.
      other.put("t/cas", value).get(10, TimeUnit.SECONDS);
      long stale = revisions.get("t/cas");
      assertThat(target.cas("t/cas", value).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.CONFLICT);
      assertThat(revisions.get("t/cas")).isGreaterThan(stale);
      assertThat(target.cas("t/cas", value).get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.OK);
    }
  }
}
