package io.raftkv.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.chaos.cluster.ClusterOptions;
import io.raftkv.chaos.cluster.LabCluster;
import io.raftkv.chaos.cluster.RaftKvLauncher;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /readyz} and {@code /livez} of a real node cut off from the leader by the network-namespace rig:
 * readiness turns 503 naming the failed check, liveness stays 200 throughout (a partitioned node must not
 * be restarted), and readiness returns after healing. Needs root and the server jar, like the chaos suite.
 */
class ProbesPartitionTest {

  @Test
  void aPartitionedFollowerIsNotReadyButAliveAndReadyAgainAfterHealing() throws Exception {
    Path jar = ChaosFixture.requireRigAndJar();
    ClusterOptions options = new ClusterOptions(3, ChaosFixture.workDir().resolve("probes-partition"),
        new RaftKvLauncher(jar, 500, 50, List.of()));
    try (LabCluster c = LabCluster.start(options)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> c.leader().isPresent());
      String leader = c.leader().orElseThrow();
      String follower = c.nodeNames().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
      await().atMost(Duration.ofSeconds(30)).until(() -> get(c, follower, "/readyz").statusCode() == 200);
      try {
        for (String other : c.nodeNames()) {
          if (!other.equals(follower)) {
            c.firewall(follower).dropFrom(c.host(other).ip());
            c.firewall(other).dropFrom(c.host(follower).ip());
          }
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
          HttpResponse<String> ready = get(c, follower, "/readyz");
          assertThat(ready.statusCode()).isEqualTo(503);
          assertThat(ready.body()).containsPattern("\\[-\\](leader|read_index) failed: ")
              .endsWith("readyz check failed\n");
        });
        // Liveness is about the node's own threads: the cut changes nothing there.
        for (int i = 0; i < 5; i++) {
          HttpResponse<String> live = get(c, follower, "/livez?verbose");
          assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
          assertThat(live.body()).contains("[+]event_loop ok", "[+]persister ok", "[+]applier ok");
        }
        assertThat(get(c, follower, "/readyz?exclude=leader&exclude=read_index&exclude=applied&verbose").body())
            .contains("[+]voter ok");
      } finally {
        c.healAll();
      }
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> get(c, follower, "/readyz").statusCode() == 200);
      assertThat(get(c, follower, "/livez").statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(LabCluster c, String node, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(c.url(node).resolve(path)).timeout(Duration.ofSeconds(5)).build();
    return c.http().send(req, HttpResponse.BodyHandlers.ofString());
  }
}
