package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftkv.kv.http.H2StreamClient;
import io.raftkv.kv.http.HttpServerConfig;
import io.raftkv.kv.http.KvHttpServer;
import io.raftkv.kv.http.Observability;
import io.raftkv.kv.server.events.DriverEventFeed;
import io.raftkv.kv.server.metrics.RequestWindow;
import io.raftkv.server.events.EventHub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/events} on a real 3-node cluster (KvTestCluster's drivers over an in-memory network, each
 * behind a real HTTP server on a free port, read with the JDK's HTTP client): hello, status ticks with a
 * leader, and the election, step-down and leader events of a leadership transfer and of a stopped leader.
 */
class EventsHttpTest {

  private static final List<String> IDS = List.of("n1", "n2", "n3");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  private KvTestCluster cluster;
  private final Map<String, KvHttpServer> servers = new LinkedHashMap<>();
  private final List<SseStream> streams = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Starts the cluster and one HTTP server per node whose viewers queue {@code capacity} events. */
  void start(int capacity, int maxStreams) throws Exception {
    cluster = new KvTestCluster(dir, IDS, KvTestCluster.FAST);
    cluster.startAll();
    for (String id : IDS) {
      RequestWindow requests = new RequestWindow(System::nanoTime);
      DriverEventFeed feed = new DriverEventFeed(id, "http://127.0.0.1:0", "127.0.0.1:0",
          cluster.node(id).driver().events(), requests, System::currentTimeMillis, capacity);
      servers.put(id, KvHttpServer.start(HttpServerConfig.defaults("127.0.0.1", 0),
          cluster.service(id, Duration.ofSeconds(5)), maxStreams,
          new Observability(List.of(), List.of(), null, requests, feed)));
    }
  }

  @AfterEach
  void stop() {
    streams.forEach(SseStream::close);
    servers.values().forEach(KvHttpServer::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  URI uri(String id, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + servers.get(id).port() + pathAndQuery);
  }

  SseStream open(String id, String query) throws Exception {
    SseStream s = new SseStream(http, uri(id, "/v1/events" + query));
    streams.add(s);
    return s;
  }

  HttpResponse<String> get(String id, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(id, pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean hasTerm(JsonNode d, long aboveTerm) {
    return d.get("term").asLong() > aboveTerm;
  }

  @Test
  void helloThenStatusTicksWithTheLeaderThenTheEventsOfATransferAndOfAStoppedLeader() throws Exception {
    start(1024, 64);
    String leader = cluster.awaitLeader();
    Map<String, SseStream> viewers = new LinkedHashMap<>();
    for (String id : IDS) {
      viewers.put(id, open(id, "?interval=100"));
    }
    for (Map.Entry<String, SseStream> v : viewers.entrySet()) {
      SseStream s = v.getValue();
      assertThat(s.response.statusCode()).isEqualTo(200);
      assertThat(s.response.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(s.response.headers().firstValue("access-control-allow-origin")).hasValue("*");
      await().atMost(WAIT).until(() -> s.find("status", d -> leader.equals(d.path("leader").asText(null))).isPresent());
      assertThat(s.events.get(0).type()).as("hello comes first").isEqualTo("hello");
      assertThat(s.events.get(0).data().get("node").asText()).isEqualTo(v.getKey());
      JsonNode status = s.find("status", d -> true).orElseThrow().data();
      assertThat(status.get("node").asText()).isEqualTo(v.getKey());
      assertThat(status.get("time").asLong()).isPositive();
      assertThat(status.get("voters")).hasSize(3);
      assertThat(status.get("log").size()).isPositive();
      assertThat(status.get("electionTimeoutMs").asLong()).isBetween(500L, 999L);
      assertThat(status.get("heartbeatIntervalMs").asLong()).isEqualTo(50);
    }
    SseStream atLeader = viewers.get(leader);
    await().atMost(WAIT).until(() -> atLeader.find("status", d -> d.get("role").asText().equals("leader")
        && d.get("progress").size() == 2 && d.path("messages").path(cluster.others(leader).get(0))
            .path("sentPerSec").asDouble() > 0).isPresent());
    List<Long> ids = atLeader.events.stream().map(SseStream.Event::id).toList();
    assertThat(ids).as("per-node sequence, increasing").isSorted().doesNotHaveDuplicates();

    // A transfer: the target campaigns for "transfer", the old leader steps down for "transfer".
    long term = cluster.node(leader).status().currentTerm();
    String target = cluster.others(leader).get(0);
    cluster.node(leader).driver().transferLeadership(target);
    SseStream atTarget = viewers.get(target);
    await().atMost(WAIT).until(() -> atTarget.find("election",
        d -> d.get("cause").asText().equals("transfer") && hasTerm(d, term)).isPresent());
    await().atMost(WAIT).until(() -> atLeader.find("step_down",
        d -> d.get("cause").asText().equals("transfer") && hasTerm(d, term)).isPresent());
    for (SseStream s : viewers.values()) {
      await().atMost(WAIT).until(() -> s.find("leader", d -> target.equals(d.path("leader").asText(null))
          && hasTerm(d, term)).isPresent());
    }
    String voter = IDS.stream().filter(id -> !id.equals(leader) && !id.equals(target)).findFirst().orElseThrow();
    await().atMost(WAIT).until(() -> viewers.get(voter).find("vote",
        d -> d.get("candidate").asText().equals(target) && hasTerm(d, term)).isPresent());

    // The new leader stops: the others elect one of themselves in a higher term.
    long term2 = cluster.node(target).status().currentTerm();
    servers.remove(target).close();
    cluster.stop(target);
    List<String> rest = cluster.others(target);
    for (String id : rest) {
      SseStream s = viewers.get(id);
      await().atMost(WAIT).until(() -> s.find("leader", d -> rest.contains(d.path("leader").asText(""))
          && hasTerm(d, term2)).isPresent());
    }
    assertThat(rest.stream().anyMatch(id -> viewers.get(id).find("election",
        d -> hasTerm(d, term2) && d.get("cause").asText().equals("timeout")).isPresent()))
        .as("the winner ran a real election after its timer").isTrue();
    assertThat(rest.stream().anyMatch(id -> viewers.get(id).find("election",
        d -> d.get("cause").asText().equals("pre_vote")).isPresent()))
        .as("with pre-vote on, a pre-vote round came first").isTrue();
  }

  @Test
  void badParametersAreRefusedWithJsonBeforeAnythingOpensAndReadOnlyPathsAllowAnyOrigin() throws Exception {
    start(1024, 64);
    for (String q : List.of("?interval=49", "?interval=5001", "?interval=abc", "?interval=100&interval=200",
        "?watch=1")) {
      HttpResponse<String> r = get("n1", "/v1/events" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(r.body()).as(q).contains("\"error\":\"bad_parameter\"");
    }
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("n1", "/v1/events"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET");
    for (String path : List.of("/v1/members", "/v1/cluster")) {
      HttpResponse<String> r = get("n1", path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("access-control-allow-origin")).as(path).hasValue("*");
    }
    assertThat(get("n1", "/v1/kv").headers().firstValue("access-control-allow-origin")).isEmpty();
    assertThat(cluster.node("n1").driver().events().subscriberCount()).as("nothing was opened").isZero();
  }

  @Test
  void eventStreamsCountTowardsTheOpenStreamBoundAndLeaveTheHubWhenClosed() throws Exception {
    start(1024, 2);
    SseStream a = open("n1", "");
    SseStream b = open("n1", "");
    await().atMost(WAIT).until(() -> !a.all("hello").isEmpty() && !b.all("hello").isEmpty());
    HttpResponse<String> third = get("n1", "/v1/events");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.body()).contains("too_many_streams");
    EventHub hub = cluster.node("n1").driver().events();
    assertThat(hub.subscriberCount()).isEqualTo(2);
    a.close();
    b.close();
    await().atMost(WAIT).until(() -> hub.subscriberCount() == 0);
  }

  @Test
  void aViewerThatNeverReadsStallsNothingAndIsToldWhatItMissedOverHttp2() throws Exception {
    // 32, not less: the viewer that reads drains on the network thread, which may fall behind a burst of
    // events from one loop pass (a transfer to the watched node yields vote, role, term and leader changes
    // at once) on a loaded machine; a smaller queue made the reading viewer drop too (a CI flake).
    start(32, 64);
    String watched = cluster.others(cluster.awaitLeader()).get(0);
    EventHub hub = cluster.node(watched).driver().events();
    try (H2StreamClient h2 = new H2StreamClient(servers.get(watched).port())) {
      H2StreamClient.Stream live = h2.get("/v1/events?interval=50", false);
      H2StreamClient.Stream stalled = h2.get("/v1/events?interval=50", true);
      await().atMost(WAIT).until(() -> live.text().contains("event: status"));
      assertThat(live.text()).startsWith("id: ").contains("event: hello\ndata: {\"node\":\"" + watched + "\"");
      // The stalled stream fills its HTTP/2 window with status ticks; then its events pile up and the
      // oldest are dropped. Every transfer gives the watched node a few events (vote, leader changes).
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        String l = cluster.awaitLeader();
        cluster.node(l).driver().transferLeadership(cluster.others(l).get(0));
        await().atMost(WAIT).until(() -> !l.equals(cluster.awaitLeader()));
        return hub.droppedTotal() > 0;
      });
      for (int i = 0; i < 50; i++) {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri(watched, "/v1/kv/k" + i))
            .PUT(HttpRequest.BodyPublishers.ofString("v")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as("writes go on while a viewer stalls").isEqualTo(200);
      }
      assertThat(live.text()).as("the viewer that reads lost nothing").doesNotContain("event: dropped");
      stalled.resume();
      await().atMost(WAIT).until(() -> stalled.text().contains("event: dropped"));
      String text = stalled.text();
      String data = text.substring(text.indexOf("event: dropped\ndata: ") + "event: dropped\ndata: ".length());
      JsonNode dropped = io.raftkv.api.ApiJson.MAPPER.readTree(data.substring(0, data.indexOf('\n')));
      assertThat(dropped.get("node").asText()).isEqualTo(watched);
      assertThat(dropped.get("count").asLong()).isPositive();
      await().atMost(WAIT).until(() -> stalled.text().lastIndexOf("event: status") > text.length());
    }
  }
}
