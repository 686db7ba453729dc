package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode without a browser: a plain {@code raftkv server} has no local controls, and a node started by
 * {@code raftkv local} really loses its Raft traffic while the launcher has it isolated.
 */
class LocalModeProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aNodeWithoutLocalControlHasNoIsolationSwitchAndNoControls() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(dir, 1, List.of())) {
      cluster.startAll();
      cluster.awaitLeader(Duration.ofSeconds(60));
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> isolation = http.send(HttpRequest.newBuilder(cluster.url("n1", "/v1/local/isolation"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"isolated\":true}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(isolation.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(isolation.body()).path("error").asText()).isEqualTo("not_found");

      HttpResponse<String> config = cluster.get("n1", "/ui/config.json");
      assertThat(config.statusCode()).isEqualTo(200);
      assertThat(config.headers().firstValue("content-type")).hasValue("application/json");
      JsonNode body = JSON.readTree(config.body());
      assertThat(body.has("localControl")).isTrue();
      assertThat(body.get("localControl").isNull()).isTrue();

      HttpResponse<String> page = cluster.get("n1", "/ui");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
      assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
      assertThat(cluster.get("n1", "/ui/app.js").headers().firstValue("content-type"))
          .hasValue("text/javascript; charset=utf-8");
      assertThat(cluster.get("n1", "/ui/dashboard.css").headers().firstValue("content-type"))
          .hasValue("text/css; charset=utf-8");
      assertThat(cluster.get("n1", "/ui/nope.js").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void isolationCutsTheFollowersRaftTrafficAndHealRestoresIt() throws Exception {
    try (LocalLauncher local = LocalLauncher.start(dir, 3, List.of())) {
      String leader = awaitLeader(local);
      String follower = leader.equals("n1") ? "n2" : "n1";
      JsonNode config = JSON.readTree(local.get(local.clientUrl(follower) + "/ui/config.json").body());
      assertThat(config.path("localControl").asText()).isEqualTo(local.controlUrl());
      put(local, leader, "before", "1");
      await().atMost(Duration.ofSeconds(20)).until(() -> applied(local, follower) >= commit(local, leader));

      HttpResponse<String> cut = local.post(local.controlUrl() + "/v1/local/nodes/" + follower + "/isolate", "");
      assertThat(cut.statusCode()).as(cut.body()).isEqualTo(200);
      assertThat(JSON.readTree(cut.body()).path("isolated").asBoolean()).isTrue();
      // Cut off, the follower's election timer runs out and it forgets the leader (pre-vote keeps its term).
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> cluster(local, follower).path("leaderId").isNull());
      long stuckAt = applied(local, follower);
      for (int i = 0; i < 5; i++) {
        put(local, leader, "during-" + i, "x");
      }
      long leaderCommit = commit(local, leader);
      assertThat(leaderCommit).isGreaterThan(stuckAt);
      assertThat(applied(local, follower)).as("an isolated node receives no entries").isEqualTo(stuckAt);

      HttpResponse<String> heal = local.post(local.controlUrl() + "/v1/local/nodes/" + follower + "/heal", "");
      assertThat(heal.statusCode()).as(heal.body()).isEqualTo(200);
      assertThat(JSON.readTree(heal.body()).path("isolated").asBoolean()).isFalse();
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> !cluster(local, follower).path("leaderId").isNull()
              && applied(local, follower) >= leaderCommit);
    }
  }

  @Test
  void theLauncherRefusesBadRequestsWithJsonErrors() throws Exception {
    try (LocalLauncher local = LocalLauncher.start(dir, 1, List.of())) {
      assertError(local.post(local.controlUrl() + "/v1/local/nodes/n9/kill", ""), 404, "not_found");
      assertError(local.post(local.controlUrl() + "/v1/local/nodes/n1/explode", ""), 404, "not_found");
      assertError(local.get(local.controlUrl() + "/v1/local/nodes/n1/kill"), 405, "method_not_allowed");
      HttpResponse<String> foreign = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(local.controlUrl() + "/v1/local/nodes/n1/pause")).header("Origin", "http://example.com")
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertError(foreign, 403, "forbidden");
      HttpResponse<String> own = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(local.controlUrl() + "/v1/local/nodes")).header("Origin", local.clientUrl("n1")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.headers().firstValue("access-control-allow-origin")).hasValue(local.clientUrl("n1"));
      assertThat(JSON.readTree(own.body()).path("nodes").get(0).path("state").asText()).isEqualTo("running");
      assertError(local.post(local.clientUrl("n1") + "/v1/local/isolation", "{\"isolated\":\"yes\"}"), 400, "bad_json");
      assertThat(JSON.readTree(local.get(local.controlUrl() + "/v1/local/nodes").body())
          .path("nodes").get(0).path("isolated").asBoolean()).isFalse();
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo(code);
  }

  private static String awaitLeader(LocalLauncher local) {
    String[] leader = new String[1];
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
      JsonNode c = cluster(local, "n1");
      leader[0] = c.path("leaderId").asText(null);
      return leader[0] != null;
    });
    return leader[0];
  }

  private static JsonNode cluster(LocalLauncher local, String id) throws IOException, InterruptedException {
    return JSON.readTree(local.get(local.clientUrl(id) + "/v1/cluster").body());
  }

  private static long applied(LocalLauncher local, String id) throws IOException, InterruptedException {
    return cluster(local, id).path("appliedIndex").asLong();
  }

  private static long commit(LocalLauncher local, String id) throws IOException, InterruptedException {
    return cluster(local, id).path("commitIndex").asLong();
  }

  private static void put(LocalLauncher local, String id, String key, String value) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(local.clientUrl(id) + "/v1/kv/" + key)).PUT(HttpRequest.BodyPublishers.ofString(value)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }
}
