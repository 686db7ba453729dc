package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes bound on the wildcard address (0.0.0.0) advertise loopback addresses with
 * {@code --advertise-client-url} and {@code --advertise-peer-address}: a founder's URL reaches the member
 * table by its announcement, a joiner's peer address and URL by its join request, and the other members
 * show those, never 0.0.0.0, in {@code GET /v1/members}.
 */
class AdvertiseProcessTest {

  @TempDir Path dir;
  private ProcessCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void wildcardBoundNodesAppearInTheMemberTableUnderTheirAdvertisedAddresses() throws Exception {
    cluster = new ProcessCluster(dir, 3, List.of());
    cluster.start("n1");
    cluster.start("n2");
    cluster.start("n3", "0.0.0.0", List.of("--advertise-client-url", advertisedUrl("n3")));
    cluster.reserve("n4");
    cluster.awaitLeader(Duration.ofSeconds(60));
    cluster.startJoining("n4", List.of("n1", "n2"), "0.0.0.0", List.of(
        "--advertise-client-url", advertisedUrl("n4"),
        "--advertise-peer-address", "127.0.0.1:" + cluster.peerPort("n4")));

    // A voter only once the leader replicated to it at the advertised peer address.
    await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
      assertThat(cluster.isRunning("n4")).as(cluster.deadNodes()).isTrue();
      assertThat(cluster.memberRole("n1", "n4")).isEqualTo("voter");
    });
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      String members = cluster.get("n1", "/v1/members").body();
      assertThat(members)
          .contains("\"clientUrl\":\"" + advertisedUrl("n3") + "\"")
          .contains("\"clientUrl\":\"" + advertisedUrl("n4") + "\"")
          .contains("\"peerAddress\":\"127.0.0.1:" + cluster.peerPort("n4") + "\"")
          .doesNotContain("0.0.0.0");
    });
  }

  private String advertisedUrl(String id) {
    return "http://127.0.0.1:" + cluster.clientPort(id);
  }
}
