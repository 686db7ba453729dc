package io.raftkv.kv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.kv.http.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class NodeProbesTest {

  private static final long SECOND = 1_000_000_000L;

  private final FakeNode node = new FakeNode();
  private long now = 100 * SECOND;
  private final NodeProbes probes =
      new NodeProbes(node, () -> now, Duration.ofSeconds(10), Duration.ofMillis(50), 1000);

  @Test
  void checksHaveTheDocumentedNames() {
    assertThat(probes.livez()).extracting(HealthCheck::name)
        .containsExactly("event_loop", "persister", "applier", "no_fatal_error");
    assertThat(probes.readyz()).extracting(HealthCheck::name)
        .containsExactly("leader", "applied", "read_index", "voter", "apply_backlog");
  }

  @Test
  void eventLoopFailsOnlyAfterNoPassForTheStallLimit() {
    node.lastLoopPassNanos = now - 9 * SECOND;
    assertThat(probes.eventLoop()).isNull();
    node.lastLoopPassNanos = now - 11 * SECOND;
    assertThat(probes.eventLoop()).contains("has not completed a pass for 11000 ms");
  }

  @Test
  void persisterFailsOnlyWhenAReadyWaitsTooLong() {
    node.persistPendingSinceNanos = 0;
    now = 1000 * SECOND;
    assertThat(probes.persister()).as("idle").isNull();
    node.persistPendingSinceNanos = now - 2 * SECOND;
    assertThat(probes.persister()).as("a normal fsync").isNull();
    node.persistPendingSinceNanos = now - 30 * SECOND;
    assertThat(probes.persister()).contains("waited 30000 ms for the disk");
  }

  @Test
  void applierFailsWhenItHoldsWorkAndAppliedStandsStill() {
    node.applyBacklogBytes = 500;
    node.lastApplied = 7;
    assertThat(probes.applier()).isNull();
    now += 5 * SECOND;
    assertThat(probes.applier()).as("stalled for 5 s only").isNull();
    now += 6 * SECOND;
    assertThat(probes.applier()).contains("500 bytes wait for the applier").contains("11000 ms");
    node.lastApplied = 8;
    assertThat(probes.applier()).as("progress").isNull();
    now += 60 * SECOND;
    node.applyBacklogBytes = 0;
    assertThat(probes.applier()).as("idle is not stalled").isNull();
  }

  @Test
  void fatalErrorFailsLiveness() {
    assertThat(probes.noFatalError()).isNull();
    node.fatal = new java.io.IOException("disk gone");
    assertThat(probes.noFatalError()).contains("disk gone");
  }

  @Test
  void leaderCheckNeedsAKnownLeader() {
    assertThat(run("leader")).isNull();
    node.leaderId = null;
    assertThat(run("leader")).isEqualTo("no leader is known");
  }

  @Test
  void appliedPassesOnceAppliedReachesCommitAndFailsWhenItDoesNotInTime() {
    node.commitIndex = 12;
    node.lastApplied = 12;
    assertThat(run("applied")).isNull();
    node.lastApplied = 11;
    // The fake clock never advances past the deadline by itself: move it so the poll gives up.
    CompletableFuture<String> pending = check("applied").run();
    assertThat(pending).isNotDone();
    now += SECOND;
    assertThat(pending.join()).isEqualTo("applied index 11 did not reach commit index 12 within 50 ms");
    CompletableFuture<String> catchingUp = check("applied").run();
    node.lastApplied = 12;
    assertThat(catchingUp.join()).isNull();
  }

  @Test
  void readIndexFailsWithoutLeaderOnErrorAndOnTimeout() {
    assertThat(run("read_index")).isNull();
    node.readBarrier = CompletableFuture.failedFuture(new IllegalStateException("node stopped"));
    assertThat(run("read_index")).contains("ReadIndex round failed").contains("node stopped");
    node.readBarrier = new CompletableFuture<>();
    assertThat(run("read_index")).isEqualTo("ReadIndex round not confirmed within 50 ms");
    node.leaderId = null;
    assertThat(run("read_index")).isEqualTo("no leader to confirm a ReadIndex round");
  }

  @Test
  void voterFailsForALearner() {
    assertThat(run("voter")).isNull();
    node.voter = CompletableFuture.completedFuture(false);
    assertThat(run("voter")).contains("not a voter");
  }

  @Test
  void applyBacklogFailsAboveItsCap() {
    node.applyBacklogBytes = 1000;
    assertThat(run("apply_backlog")).isNull();
    node.applyBacklogBytes = 1001;
    assertThat(run("apply_backlog")).contains("1001 bytes").contains("cap 1000");
  }

  private String run(String name) {
    return check(name).run().join();
  }

  private HealthCheck check(String name) {
    return List.of(probes.livez(), probes.readyz()).stream().flatMap(List::stream)
        .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }
}
