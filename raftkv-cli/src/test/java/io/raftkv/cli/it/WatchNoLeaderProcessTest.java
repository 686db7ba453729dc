package io.raftkv.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No silent hang (issue #12): a follower whose two peers are killed with SIGKILL has no leader, and after
 * the watch endpoint's fixed 10 s limit ({@code WatchEndpoint.DEFAULT_NO_LEADER_LIMIT}) it ends its open
 * watch streams with a {@code no_leader} error message, so clients move to another node.
 */
class WatchNoLeaderProcessTest {

  @TempDir Path dir;
  private ProcessCluster cluster;

  @AfterEach
  void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aFollowerThatLosesItsQuorumEndsItsWatchWithNoLeader() throws Exception {
    cluster = new ProcessCluster(dir, 3, List.of());
    cluster.startAll();
    // The follower is watched next: it must be serving HTTP already (a leader needs only two nodes).
    String leader = cluster.awaitLeaderKnownEverywhere(Duration.ofSeconds(90));
    String follower = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    cluster.putUntilAcknowledged("w/before", "1");

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Lines lines = new Lines();
    // The response future completes only with the body, so the status is taken when the headers arrive.
    CompletableFuture<Integer> status = new CompletableFuture<>();
    http.sendAsync(HttpRequest.newBuilder(cluster.url(follower, "/v1/watch?prefix=w/"))
        .header("Accept", "application/x-ndjson").build(), info -> {
          status.complete(info.statusCode());
          return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
        }).whenComplete((r, failure) -> {
          if (failure != null) {
            status.completeExceptionally(failure); // a refused request fails at once, not after 30 s
          }
        });
    assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
    // The stream is live on the follower: a write through the cluster arrives on it.
    cluster.putUntilAcknowledged("w/live", "2");
    await().atMost(Duration.ofSeconds(30)).until(() -> lines.received.stream().anyMatch(l -> l.contains("\"w/live\"")));

    for (String id : cluster.ids()) {
      if (!id.equals(follower)) {
        cluster.kill9(id);
      }
    }
    // Election timeouts (a few hundred ms) plus the 10 s limit plus a ticker period; bounded generously for a
    // loaded 2-core machine.
    await().atMost(Duration.ofSeconds(60)).until(lines.ended::isDone);
    assertThat(lines.ended.get()).as("the stream ends cleanly, not by a broken connection").isNull();
    String last = lines.received.get(lines.received.size() - 1);
    assertThat(last).containsPattern("\"error\"\\s*:\\s*\"no_leader\"");
    assertThat(lines.received.subList(0, lines.received.size() - 1)).noneMatch(l -> l.matches(".*\"error\"\\s*:.*"));
  }

  /** Collects a streamed body's lines; {@code ended} completes with null at the end, or the failure. */
  private static final class Lines implements Flow.Subscriber<String> {
    final List<String> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (!line.isEmpty()) {
        received.add(line);
      }
    }

    @Override
    public void onError(Throwable failure) {
      ended.complete(failure);
    }

    @Override
    public void onComplete() {
      ended.complete(null);
    }
  }
}
