package io.raftkv.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftkv.cli.client.CliRunner.Result;
import io.raftkv.cli.it.ProcessCluster;
import io.raftkv.client.OutcomeUnknownException;
import io.raftkv.client.RaftKvClient;
import io.raftkv.client.UnavailableException;
import io.raftkv.client.VersionedValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands, the library's failover and the bench tool against three real {@code raftkv server}
 * processes, including the loss of the leader.
 */
class ClientClusterTest {

  @TempDir Path dir;
  private ProcessCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private String base(String id) {
    return cluster.url(id, "").toString();
  }

  @Test
  void commandsStatusBenchAndLeaderFailover() throws Exception {
    cluster = new ProcessCluster(dir, 3, List.of());
    cluster.startAll();
    String leader = cluster.awaitLeader(Duration.ofSeconds(60));
    String follower = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    // A follower first: the client must reach the leader through it (forwarding, or 503 + leader hint).
    List<String> order = new java.util.ArrayList<>(List.of(follower));
    cluster.ids().stream().filter(id -> !id.equals(follower)).forEach(order::add);
    String endpoints = "--endpoints=" + order.stream().map(this::base).collect(Collectors.joining(","));

    Result put = CliRunner.run("put", "greeting", "hello", endpoints);
    assertThat(put.code()).as(put.err()).isZero();
    Result get = CliRunner.run("get", "greeting", endpoints);
    assertThat(get.out().strip()).isEqualTo("hello");

    // status: one row per member, the leader marked, the leader's progress for every member.
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Result status = CliRunner.run("status", endpoints);
      assertThat(status.code()).as(status.err()).isZero();
      List<String> rows = status.out().lines().filter(l -> l.matches("n\\d.*")).collect(Collectors.toList());
      assertThat(rows).as(cluster.deadNodes()).hasSize(3);
      // Leadership may move under load; the marked row must be the leader the header names.
      String header = status.out().lines().findFirst().orElseThrow();
      String named = header.replaceAll(".*leader (\\S+).*", "$1");
      assertThat(rows).filteredOn(r -> r.endsWith("*")).singleElement().asString()
          .startsWith(named + " ").contains(" leader ");
      // Every member's address (from its own answer), term, indexes and the leader's match/next for it.
      assertThat(rows).allMatch(r -> r.matches("n\\d\\s+http://127\\.0\\.0\\.1:\\d+\\s+\\w+(\\s+\\d+){3}\\s+\\d+/\\d+.*"), "complete");
    });

    // bench: a short mixed run completes every operation.
    Result bench = CliRunner.run("bench", endpoints, "--workload=mixed", "--total=300", "--keys=20", "--json");
    assertThat(bench.code()).as(bench.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(bench.out());
    assertThat(report.get("ops").asLong()).isEqualTo(300);
    assertThat(report.get("errors").asLong()).isZero();

    try (RaftKvClient client = RaftKvClient.builder()
        .endpoints(order.stream().map(this::base).collect(Collectors.toList()))
        .requestTimeout(Duration.ofSeconds(5)).build()) {
      long before = client.put("k", "before").revision();
      cluster.kill9(cluster.awaitLeader(Duration.ofSeconds(30)));

      // Writes resume on the new leader; attempts during the election may be refused (Unavailable) or,
      // if they reached the dying leader, have an unknown outcome — never silently duplicated.
      await().atMost(Duration.ofSeconds(60)).ignoreExceptionsMatching(
          e -> e instanceof UnavailableException || e instanceof OutcomeUnknownException)
          .until(() -> client.put("k", "after").revision() > before);
      assertThat(client.get("k")).map(VersionedValue::valueAsString).contains("after");
      assertThat(client.get("greeting")).map(VersionedValue::valueAsString).contains("hello");
    }
  }
}
