package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code raftkv server} processes on loopback: the product as a user runs it.
 */
class ClusterProcessTest {

  private static final Pattern APPLIED = Pattern.compile("\"appliedIndex\"\\s*:\\s*(\\d+)");

  @TempDir Path dir;
  private ProcessCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private ProcessCluster start(String... extraArgs) throws IOException {
    cluster = new ProcessCluster(dir, 3, List.of(extraArgs));
    cluster.startAll();
    cluster.awaitLeader(Duration.ofSeconds(30));
    return cluster;
  }

  private String follower(String leader) {
    return cluster.ids().stream().filter(id -> !id.equals(leader) && cluster.isRunning(id)).findFirst().orElseThrow();
  }

  @Test
  void putThroughAFollowerAndGetFromEveryNodeOverHttp1AndHttp2() throws Exception {
    start();
    HttpResponse<String> put = cluster.putUntilAcknowledged("greeting", "hello");
    assertThat(put.headers().firstValue("ETag")).isPresent();
    for (String id : cluster.ids()) {
      // Linearizable reads from every node; a 503 during a leader change is retried, as clients do.
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
        HttpResponse<String> get = cluster.get(id, "/v1/kv/greeting");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello");
      });
    }
    String leader = cluster.awaitLeader(Duration.ofSeconds(10));
    // HTTP/2 over cleartext by Upgrade: h2c (the JDK client upgrades plain-http GETs).
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> get2 = h2.send(HttpRequest.newBuilder(cluster.url(leader, "/v1/kv/greeting")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get2.statusCode()).isEqualTo(200);
    assertThat(get2.body()).isEqualTo("hello");
    HttpResponse<String> get3 = h2.send(HttpRequest.newBuilder(cluster.url(leader, "/v1/kv/greeting")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get3.version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void killingTheLeaderElectsANewOneAndLosesNoAcknowledgedWrite() throws Exception {
    start();
    List<String> acked = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      cluster.putUntilAcknowledged("k" + i, "v" + i);
      acked.add("k" + i);
    }
    String oldLeader = cluster.awaitLeader(Duration.ofSeconds(10));
    long killedAt = System.nanoTime();
    cluster.kill9(oldLeader);
    String survivor = follower(oldLeader);
    // Time until a write succeeds again through a surviving node. Like a real client, give up on an
    // attempt after 300 ms (the first ones are forwarded to the dead leader) and try again.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
        .until(() -> cluster.put(survivor, "after-failover", "yes", Duration.ofMillis(300)).statusCode() == 200);
    long failoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("failover: first successful write " + failoverMillis + " ms after kill -9 of " + oldLeader);
    String newLeader = cluster.awaitLeader(Duration.ofSeconds(10));
    assertThat(newLeader).isNotEqualTo(oldLeader);
    for (int i = 0; i < acked.size(); i++) {
      String key = acked.get(i);
      String expected = "v" + i;
      // Linearizable read; a 503 while leadership settles is retried. A 404 would be a lost write.
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
        HttpResponse<String> r = cluster.get(survivor, "/v1/kv/" + key);
        assertThat(r.statusCode()).as("acknowledged key %s", key).isIn(200, 404);
        assertThat(r.body()).isEqualTo(expected);
      });
    }
    // The old leader restarts on its data dir and catches up.
    cluster.start(oldLeader);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      HttpResponse<String> r = cluster.get(oldLeader, "/v1/kv/after-failover?consistency=serializable");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("yes");
    });
  }

  @Test
  void followerFarBehindCatchesUpBySnapshot() throws Exception {
    start("--snapshot-entries", "100", "--retain-entries", "10");
    String leader = cluster.awaitLeader(Duration.ofSeconds(10));
    String lagging = follower(leader);
    cluster.kill9(lagging);
    for (int i = 0; i < 400; i++) {
      cluster.putUntilAcknowledged("s" + i, "v" + i);
    }
    cluster.start(lagging);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      HttpResponse<String> r = cluster.get(lagging, "/v1/kv/s399?consistency=serializable");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("v399");
    });
    assertThat(cluster.log(lagging)).contains("restored state machine from snapshot");
    HttpResponse<String> early = cluster.get(lagging, "/v1/kv/s0?consistency=serializable");
    assertThat(early.body()).isEqualTo("v0");
  }

  @Test
  void garbageOnTheHttpAndPeerPortsGetsErrorsAndChangesNothing() throws Exception {
    start();
    cluster.putUntilAcknowledged("stable", "value");
    String leader = cluster.awaitLeader(Duration.ofSeconds(10));
    long appliedBefore = applied(leader);
    String httpAnswer = rawExchange(cluster.url(leader, "/").getPort(), "GARBAGE \u0001\u0002 NOT HTTP\r\n\r\n");
    assertThat(httpAnswer).startsWith("HTTP/1.1 400");
    for (String id : cluster.ids()) {
      String peerAnswer = rawExchange(cluster.peerPort(id), "\u0000\u0000\u0000\u0010garbage-garbage!");
      assertThat(peerAnswer).as("peer port answers garbage by closing").isEmpty();
    }
    // The cluster still works and nothing was written by the garbage.
    assertThat(cluster.get(follower(leader), "/v1/kv/stable?consistency=serializable").body()).isEqualTo("value");
    cluster.putUntilAcknowledged("stable2", "v2");
    String leaderNow = cluster.awaitLeader(Duration.ofSeconds(10));
    assertThat(applied(leaderNow)).isGreaterThan(appliedBefore);
    assertThat(cluster.get(leaderNow, "/v1/kv/stable?consistency=serializable").body()).isEqualTo("value");
    for (String id : cluster.ids()) {
      assertThat(cluster.isRunning(id)).isTrue();
    }
  }

  private long applied(String id) throws Exception {
    Matcher m = APPLIED.matcher(cluster.get(id, "/v1/cluster").body());
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Writes raw bytes, returns whatever comes back before the peer closes (or 3 s pass). */
  private static String rawExchange(int port, String payload) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write(payload.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder b = new StringBuilder();
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
          if (b.indexOf("\r\n\r\n") >= 0 && b.toString().startsWith("HTTP/")) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException timeout) {
        // Nothing more came back.
      } catch (java.net.SocketException reset) {
        // Closed by the peer.
      }
      return b.toString();
    }
  }
}
