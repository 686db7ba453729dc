package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.raftkv.api.Consistency;
import io.raftkv.api.KvResult;
import io.raftkv.api.Op;
import io.raftkv.api.PutResult;
import io.raftkv.api.ReadOp;
import io.raftkv.api.ReadResult;
import io.raftkv.kv.KvCommand;
import io.raftkv.kv.api.KvServiceException.Kind;
import io.raftkv.kv.api.KvServiceException;
import io.raftkv.server.NodeOptions;
import io.raftkv.server.transport.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RaftKvService over real nodes (storage, RaftDriver, KvReplica, KvStateMachine) on the in-memory network:
 * how each way a write can end maps to the outcome a client sees (answer, 503 not applied, 429, 504 unknown),
 * and that an answer is always the result of the client's own command, whichever node led when.
 */
class RaftKvServiceTest {

  private static final List<String> IDS = List.of("n1", "n2", "n3");
  /** Long enough never to fire in a test that expects an answer. */
  private static final Duration PATIENT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private KvTestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private KvTestCluster started(NodeOptions options) {
    cluster = new KvTestCluster(dir, IDS, options);
    cluster.startAll();
    return cluster;
  }

  private static KvCommand put(String key, String value) {
    return new KvCommand.Put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T answer(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  private static KvServiceException failure(CompletableFuture<?> f) {
    Throwable t = catchThrowable(() -> f.get(30, TimeUnit.SECONDS));
    assertThat(t).isInstanceOf(ExecutionException.class).cause().isInstanceOf(KvServiceException.class);
    return (KvServiceException) t.getCause();
  }

  private long modRevision(String node, String key) {
    return cluster.node(node).state().get(key).orElseThrow(() -> new AssertionError(key + " absent on " + node))
        .modRevision();
  }

  /** Writes once through the leader and waits for every replica to apply it (followers then replicate). */
  private void warmUp(String leader) throws Exception {
    answer(cluster.service(leader, PATIENT).write(put("warm-up", "x")));
    cluster.awaitAppliedEverywhere(cluster.node(leader).driver().lastApplied());
  }

  /**
   * Starts the cluster and cuts one follower's link to the leader in that direction only: the follower
   * still hears the leader (so it keeps forwarding writes to it), but what it sends is lost.
   */
  private String startedWithAFollowerWhoseForwardsAreLost() throws Exception {
    // The follower must keep its leader (not time out and campaign) for the whole test.
    started(KvTestCluster.FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(50)));
    String leader = cluster.awaitLeader();
    String follower = cluster.others(leader).get(0);
    warmUp(leader);
    cluster.network().disconnect(follower, leader);
    return follower;
  }

  @Test
  void writesThroughTheLeaderAndAFollowerEachAnswerWithTheirOwnCommandsResult() throws Exception {
    started(KvTestCluster.FAST);
    String leader = cluster.awaitLeader();
    String follower = cluster.others(leader).get(0);
    RaftKvService viaLeader = cluster.service(leader, PATIENT);
    RaftKvService viaFollower = cluster.service(follower, PATIENT);
    List<String> keys = new ArrayList<>();
    List<String> proposers = new ArrayList<>();
    List<CompletableFuture<KvResult>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add("leader-" + i);
      proposers.add(leader);
      answers.add(viaLeader.write(put("leader-" + i, "v")));
      keys.add("follower-" + i);
      proposers.add(follower);
      answers.add(viaFollower.write(put("follower-" + i, "v")));
    }

    for (int i = 0; i < keys.size(); i++) {
      PutResult r = (PutResult) answer(answers.get(i));
      // Interleaved writes from two nodes land in some order; each answer is its own key's revision on
      // the node that answered (it answers once it applied the entry; the others may not have yet).
      assertThat(r.modRevision()).as(keys.get(i)).isEqualTo(modRevision(proposers.get(i), keys.get(i)));
    }
    cluster.awaitAppliedEverywhere(cluster.node(leader).driver().lastApplied());
    for (String id : IDS) {
      assertThat(cluster.node(id).state().size()).isEqualTo(keys.size());
    }
  }

  @Test
  void withoutAKnownLeaderWritesAndLinearizableReadsFailAsNoLeader503() throws Exception {
    cluster = new KvTestCluster(dir, IDS, KvTestCluster.FAST);
    cluster.start("n1"); // one of three voters: it can never win an election
    RaftKvService service = cluster.service("n1", PATIENT);

    KvServiceException write = failure(service.write(put("k", "v")));
    KvServiceException read = failure(service.read(new Op.Get("k"), Consistency.LINEARIZABLE));

    assertThat(write.kind()).isEqualTo(Kind.NO_LEADER);
    assertThat(write.kind().httpStatus()).isEqualTo(503);
    assertThat(read.kind()).isEqualTo(Kind.NO_LEADER);
    // A serializable read answers from local state and needs no leader.
    ReadResult local = answer(service.read(new Op.Get("k"), Consistency.SERIALIZABLE));
    assertThat(local).isNotNull();
  }

  @Test
  void aValueAboveTheLimitIsABadRequestAndIsNeverProposed() throws Exception {
    started(KvTestCluster.FAST);
    String leader = cluster.awaitLeader();
    long lastIndex = cluster.node(leader).status().lastIndex();

    KvServiceException e = failure(cluster.service(leader, PATIENT).write(
        new KvCommand.Put("big", new byte[(1 << 20) + 1])));

    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(e.kind().httpStatus()).isEqualTo(400);
    assertThat(cluster.node(leader).status().lastIndex()).isEqualTo(lastIndex);
  }

  @Test
  void aWriteRefusedDuringALeadershipTransferIsNotAppliedAndRetryable503() throws Exception {
    // A long election timeout: the transfer stays pending (it aborts after one) while the write arrives.
    started(KvTestCluster.FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(50)));
    String leader = cluster.awaitLeader();
    String target = cluster.others(leader).get(0);
    warmUp(leader);
    cluster.network().disconnect(leader, target); // TimeoutNow cannot reach it: the transfer cannot finish
    long lastIndex = cluster.node(leader).status().lastIndex();

    cluster.node(leader).driver().transferLeadership(target);
    KvServiceException e = failure(cluster.service(leader, PATIENT).write(put("k", "v")));

    assertThat(e.kind()).isEqualTo(Kind.NOT_APPLIED_RETRYABLE);
    assertThat(e.kind().httpStatus()).isEqualTo(503);
    assertThat(cluster.node(leader).status().lastIndex()).as("nothing appended").isEqualTo(lastIndex);
  }

  @Test
  void aWriteWhoseCommitIsNotConfirmedInTimeFailsAsOutcomeUnknown504() throws Exception {
    String follower = startedWithAFollowerWhoseForwardsAreLost();

    KvServiceException e = failure(cluster.service(follower, Duration.ofMillis(300)).write(put("k", "v")));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.kind().httpStatus()).isEqualTo(504);
    assertThat(e.getMessage()).contains("may or may not have been applied");
    // The waiter is dropped by a completion stage that may run just after the answer's.
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node(follower).replica().waitingCount() == 0);
  }

  @Test
  void atThePendingCapANewWriteIsRefusedAsOverloaded429WithoutWaiting() throws Exception {
    String follower = startedWithAFollowerWhoseForwardsAreLost(); // its writes stay pending
    RaftKvService service = cluster.service(follower, PATIENT, 2);

    CompletableFuture<KvResult> first = service.write(put("a", "1"));
    CompletableFuture<KvResult> second = service.write(put("b", "2"));
    CompletableFuture<KvResult> third = service.write(put("c", "3"));

    assertThat(third).as("refused at once, not after a timeout").isCompletedExceptionally();
    KvServiceException e = failure(third);
    assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(e.kind().httpStatus()).isEqualTo(429);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    assertThat(cluster.node(follower).replica().waitingCount()).isEqualTo(2);
  }

  @Test
  void aWriteCommittedByTheNextLeaderIsStillAnsweredOnTheNodeThatProposedIt() throws Exception {
    started(KvTestCluster.FAST);
    String a = cluster.awaitLeader();
    String b = cluster.others(a).get(0);
    String c = cluster.others(a).get(1);
    warmUp(a);
    InMemoryNetwork net = cluster.network();
    // a's entries reach b, but b's acknowledgements and everything of c are lost: a cannot commit.
    net.isolate(c);
    net.disconnect(b, a);
    long index = cluster.node(a).status().lastIndex() + 1;

    CompletableFuture<KvResult> answer = cluster.service(a, PATIENT).write(put("k", "v"));
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node(b).status().lastIndex() >= index);
    assertThat(cluster.node(a).status().commitIndex()).isLessThan(index);

    // Leadership moves: a is cut off, b (which holds the entry) and c elect b, and b commits the entry.
    net.isolate(a);
    net.connect(b, c);
    net.connect(c, b);
    assertThat(cluster.awaitLeader(List.of(b, c))).isEqualTo(b);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node(b).driver().lastApplied() >= index);
    assertThat(answer).as("a has not applied the entry yet").isNotDone();

    net.heal();
    PutResult r = (PutResult) answer(answer);

    assertThat(r.modRevision()).isEqualTo(modRevision(a, "k")).isEqualTo(modRevision(b, "k"));
  }

  @Test
  void aWriteLostInALeaderChangeIsNeverAnsweredWithTheResultOfTheEntryThatReplacedIt() throws Exception {
    started(KvTestCluster.FAST);
    String a = cluster.awaitLeader();
    warmUp(a);
    long index = cluster.node(a).status().lastIndex() + 1;
    cluster.network().isolate(a); // a stays leader (no CheckQuorum) and appends, but cannot replicate

    CompletableFuture<KvResult> lost = cluster.service(a, PATIENT).write(put("lost", "v"));
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node(a).status().lastIndex() >= index);
    String next = cluster.awaitLeader(cluster.others(a));
    List<CompletableFuture<KvResult>> replacing = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replacing.add(cluster.service(next, PATIENT).write(put("new-" + i, "v")));
    }
    for (CompletableFuture<KvResult> f : replacing) {
      answer(f);
    }
    cluster.network().heal();
    long replaced = cluster.node(next).driver().lastApplied();
    cluster.awaitAppliedEverywhere(replaced);

    // a applied other entries at and after its own entry's index: none of them answers its request.
    assertThat(replaced).isGreaterThanOrEqualTo(index);
    assertThat(lost).isNotDone();
    for (String id : IDS) {
      assertThat(cluster.node(id).state().get("lost")).as("on %s", id).isEmpty();
    }
  }
}
