package io.raftkv.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftkv.api.Members;
import io.raftkv.api.MembersJson.AddRequest;
import io.raftkv.kv.api.KvServiceException;
import io.raftkv.kv.api.KvServiceException.Kind;
import io.raftkv.server.NodeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes through {@link RaftMembership} on real drivers over the in-memory network: the member
 * table is replicated to every node, learners join, catch up and are promoted, the leader removes itself by
 * handing over first, and every bad request is refused with its kind and no configuration change.
 */
class RaftMembershipTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private KvTestCluster cluster;

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private String startThree() {
    return startThree(KvTestCluster.FAST);
  }

  private String startThree(NodeOptions options) {
    cluster = new KvTestCluster(dir, List.of("n1", "n2", "n3"), options);
    cluster.startAll();
    String leader = cluster.awaitLeader();
    // Founders announce their addresses once they know a leader: every node's table gets every URL.
    List<RaftKvService> services = List.of("n1", "n2", "n3").stream().map(id -> cluster.service(id, TIMEOUT)).toList();
    for (RaftKvService s : services) {
      await().atMost(Duration.ofSeconds(20)).until(() -> s.members().members().stream()
          .allMatch(m -> !m.clientUrl().isEmpty() && !m.peerAddress().isEmpty()));
    }
    return leader;
  }

  @Test
  void everyNodeListsEveryMembersAddressesAndTheClusterStatusShowsThem() {
    String leader = startThree();
    String follower = cluster.others(leader).get(0);
    Members m = cluster.service(follower, TIMEOUT).members();
    assertThat(m.leaderId()).isEqualTo(leader);
    assertThat(m.members()).extracting(Members.Member::id).containsExactly("n1", "n2", "n3");
    assertThat(m.members()).allMatch(Members.Member::isVoter);
    assertThat(m.member("n2").orElseThrow().clientUrl()).isEqualTo("http://127.0.0.1:8002");
    assertThat(m.configIndex()).isEqualTo(1); // the founding configuration at index 1
    assertThat(cluster.service(follower, TIMEOUT).clusterStatus().members())
        .allMatch(x -> x.clientUrl() != null && x.clientUrl().startsWith("http://127.0.0.1:800"));
    assertThat(cluster.service(leader, TIMEOUT).members().member("n3").orElseThrow().matchIndex()).isPositive();
  }

  @Test
  void aLearnerJoinsCatchesUpAndIsPromotedAndLearnsEveryAddressFromTheLog() {
    String leader = startThree();
    RaftKvService svc = cluster.service(leader, TIMEOUT);
    cluster.startJoining("n4");
    Members added = join(svc.add(new AddRequest("n4", "127.0.0.1:7004", "http://127.0.0.1:9004"), false,
        OptionalLong.of(1)));
    assertThat(added.member("n4").orElseThrow().role()).isEqualTo("learner");
    assertThat(added.configIndex()).isGreaterThan(1);
    // The same add again (a rerun of --join) changes nothing.
    assertThat(join(svc.add(new AddRequest("n4", "127.0.0.1:7004", "http://127.0.0.1:9004"), false,
        OptionalLong.empty())).configIndex()).isEqualTo(added.configIndex());
    await().atMost(Duration.ofSeconds(20)).until(() -> svc.members().member("n4").orElseThrow().behind() == 0);
    Members promoted = join(svc.promote("n4", false, OptionalLong.of(added.configIndex())));
    assertThat(promoted.member("n4").orElseThrow().isVoter()).isTrue();
    MemberTable onN4 = cluster.node("n4").replica().members();
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.node("n4").replica().members().members().size() == 4
        && cluster.node("n4").replica().members().members().values().stream().noneMatch(a -> a.clientUrl().isEmpty()));
    assertThat(onN4).isNotNull();
  }

  @Test
  void autoPromoteMakesTheLearnerAVoterOnceCaughtUp() {
    String leader = startThree();
    RaftKvService svc = cluster.service(leader, TIMEOUT);
    cluster.startJoining("n4");
    join(svc.add(new AddRequest("n4", "127.0.0.1:7004", "http://127.0.0.1:9004"), true, OptionalLong.empty()));
    await().atMost(Duration.ofSeconds(20)).until(() -> svc.members().member("n4").orElseThrow().isVoter());
  }

  @Test
  void anAutoPromoteIntentSurvivesALeaderChangeAndTheNextLeaderPromotes() {
    String leader = startThree();
    RaftKvService svc = cluster.service(leader, TIMEOUT);
    // n4 is not running yet, so it cannot catch up while the leader that accepted the add still leads.
    Members added = join(svc.add(new AddRequest("n4", "127.0.0.1:7004", "http://127.0.0.1:9004"), true,
        OptionalLong.empty()));
    cluster.awaitAppliedEverywhere(added.configIndex());
    for (String id : List.of("n1", "n2", "n3")) {
      assertThat(cluster.node(id).replica().members().autoPromote()).as(id).containsExactly("n4");
    }
    String next = cluster.others(leader).get(0);
    join(svc.transferLeader(next));
    cluster.awaitLeader();
    await().atMost(TIMEOUT).until(() -> next.equals(cluster.service(next, TIMEOUT).members().leaderId()));
    cluster.startJoining("n4");
    RaftKvService nextSvc = cluster.service(next, TIMEOUT);
    await().atMost(Duration.ofSeconds(20)).until(() -> nextSvc.members().member("n4").orElseThrow().isVoter());
    await().atMost(TIMEOUT).until(() -> cluster.node(next).replica().members().autoPromote().isEmpty());
  }

  @Test
  void aLearnerThatNeverAnsweredIsNotCaughtUpHoweverShortTheLog() {
    // The whole log is a few entries, far below --promote-max-lag, but n4 never ran: it has acknowledged nothing.
    String leader = startThree();
    RaftKvService svc = cluster.service(leader, TIMEOUT);
    Members added = join(svc.add(new AddRequest("n4", "127.0.0.1:7004", "http://127.0.0.1:9004"), true,
        OptionalLong.empty()));
    assertThat(svc.members().configIndex()).isEqualTo(added.configIndex());
    assertKind(svc.promote("n4", false, OptionalLong.empty()), Kind.CONFLICT);
    // The leader's background pass (every 200 ms) must not promote it either.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
        !svc.members().member("n4").orElseThrow().isVoter()
            && cluster.node(leader).replica().members().autoPromote().contains("n4"));
  }

  @Test
  void removingTheLeaderHandsLeadershipOverFirst() {
    String leader = startThree();
    RaftKvService svc = cluster.service(leader, TIMEOUT);
    assertThatThrownBy(() -> join(svc.remove(leader, false, OptionalLong.empty())))
        .isInstanceOfSatisfying(KvServiceException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.NOT_LEADER);
          assertThat(e.leaderHint()).startsWith("http://127.0.0.1:800");
        });
    String next = cluster.awaitLeader(cluster.others(leader));
    Members after = join(cluster.service(next, TIMEOUT).remove(leader, false, OptionalLong.empty()));
    assertThat(after.member(leader)).isEmpty();
    assertThat(after.members()).hasSize(2);
  }

  @Test
  void badRequestsAreRefusedWithTheirKindAndChangeNothing() {
    String leader = startThree();
    RaftKvService svc = cluster.service(leader, TIMEOUT);
    long before = svc.members().configIndex();
    assertKind(svc.promote("n9", false, OptionalLong.empty()), Kind.NOT_FOUND);
    assertKind(svc.remove("n9", false, OptionalLong.empty()), Kind.NOT_FOUND);
    assertKind(svc.promote("n2", false, OptionalLong.empty()), Kind.CONFLICT); // already a voter
    assertKind(svc.add(new AddRequest("n2", "127.0.0.1:7777", "http://127.0.0.1:9777"), false,
        OptionalLong.empty()), Kind.CONFLICT); // duplicate id
    assertKind(svc.add(new AddRequest("n5", "127.0.0.1:7002", "http://127.0.0.1:9555"), false,
        OptionalLong.empty()), Kind.CONFLICT); // duplicate peer address
    assertKind(svc.add(new AddRequest("n5", "127.0.0.1:7555", "http://127.0.0.1:8002"), false,
        OptionalLong.empty()), Kind.CONFLICT); // duplicate client URL
    assertKind(svc.add(new AddRequest("n5", "no-port", "http://127.0.0.1:9555"), false, OptionalLong.empty()),
        Kind.BAD_REQUEST);
    assertKind(svc.add(new AddRequest("n5", "127.0.0.1:7555", "ftp://x/y"), false, OptionalLong.empty()),
        Kind.BAD_REQUEST);
    assertKind(svc.add(new AddRequest("bad id!", "127.0.0.1:7555", "http://127.0.0.1:9555"), false,
        OptionalLong.empty()), Kind.BAD_REQUEST);
    assertKind(svc.add(new AddRequest("n5", "127.0.0.1:7555", "http://127.0.0.1:9555"), false,
        OptionalLong.of(before + 7)), Kind.PRECONDITION_FAILED);
    assertKind(svc.transferLeader("n9"), Kind.NOT_FOUND);
    String follower = cluster.others(leader).get(0);
    assertKind(cluster.service(follower, TIMEOUT).promote("n2", false, OptionalLong.empty()), Kind.NOT_LEADER);
    Members after = svc.members();
    assertThat(after.configIndex()).isEqualTo(before);
    assertThat(after.members()).hasSize(3).allMatch(Members.Member::isVoter);
  }

  @Test
  void aRemovalThatBreaksTheQuorumIsRefusedUnlessForced() {
    // CheckQuorum on: the leader then tracks which followers it heard from within an election timeout.
    NodeOptions f = KvTestCluster.FAST;
    String leader = startThree(new NodeOptions(f.tick(), f.electionTimeout(), f.heartbeatInterval(),
        f.snapshotEntries(), f.snapshotBytes(), f.retainEntries(), f.maxPendingProposals(), true, true, false));
    String dead = cluster.others(leader).get(0);
    cluster.stop(dead);
    List<String> live = cluster.others(dead);
    String now = cluster.awaitLeader(live);
    String follower = live.stream().filter(id -> !id.equals(now)).findFirst().orElseThrow();
    RaftKvService svc = cluster.service(now, TIMEOUT);
    await().atMost(Duration.ofSeconds(20)).until(() -> !cluster.node(now).status().progress().get(dead).recentActive());
    // Removing the live follower leaves {leader, dead}: 1 reachable of 2, below the quorum of 2.
    assertKind(svc.remove(follower, false, OptionalLong.empty()), Kind.CONFLICT);
    assertThat(svc.members().members()).hasSize(3);
    // Forced, it goes ahead: the change still commits in the old configuration (leader and live follower).
    Members forced = join(svc.remove(follower, true, OptionalLong.empty()));
    assertThat(forced.member(follower)).isEmpty();
  }

  @Test
  void theLastVoterCannotBeRemoved() {
    cluster = new KvTestCluster(dir, List.of("n1"), KvTestCluster.FAST);
    cluster.startAll();
    cluster.awaitLeader();
    assertKind(cluster.service("n1", TIMEOUT).remove("n1", true, OptionalLong.empty()), Kind.CONFLICT);
  }

  @Test
  void leadershipTransferEndsWithTheNewLeaderInPlace() {
    String leader = startThree();
    String to = cluster.others(leader).get(1);
    assertThat(join(cluster.service(leader, TIMEOUT).transferLeader(to))).isEqualTo(to);
    assertThat(cluster.awaitLeader()).isEqualTo(to);
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private static void assertKind(CompletableFuture<?> f, Kind kind) {
    assertThatThrownBy(() -> join(f)).isInstanceOfSatisfying(KvServiceException.class,
        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
  }
}
