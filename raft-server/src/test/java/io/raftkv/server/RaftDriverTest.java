package io.raftkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.RaftEvent;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.server.events.DriverEvent;
import io.raftkv.server.events.EventSubscription;
import io.raftkv.server.events.Published;
import io.raftkv.server.events.StatusSnapshot;
import io.raftkv.storage.DurableStorage;
import io.raftkv.server.transport.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real node runtimes (event loop, fsynced storage, applier) over the in-memory transport: the
 * wiring between core, storage and state machine, without sockets.
 */
class RaftDriverTest {

  private static final List<String> IDS = List.of("n1", "n2", "n3");

  @TempDir Path dir;

  private final InMemoryNetwork network = new InMemoryNetwork(42);
  private final Map<String, RaftDriver> drivers = new LinkedHashMap<>();
  private final Map<String, RecordingStateMachine> machines = new LinkedHashMap<>();
  private final Map<String, DurableStorage> storages = new LinkedHashMap<>();
  /**
   * An election timeout far above the scheduling gaps of a loaded 2-core machine: these tests are about
   * replication, applying and fsync counts, and a spurious election in the middle (with the former 100 ms
   * timeout two of them failed once at load average 20, where scheduling gaps exceed it: a proposal to a
   * deposed leader fails, a new term costs fsyncs) tests the machine instead. Leader changes are the
   * simulator's and the chaos suite's subject.
   */
  private NodeOptions options = NodeOptions.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(50));

  @AfterEach
  void stopAll() {
    new ArrayList<>(drivers.keySet()).forEach(this::stop);
  }

  private void startAll() {
    IDS.forEach(this::start);
  }

  private void start(String id) {
    DurableStorage storage = DurableStorage.open(dir.resolve(id), DurableStorage.Options.defaults());
    if (storage.lastIndex() == 0 && storage.initialState().confState().voters().isEmpty()) {
      storage.bootstrap(ConfState.ofVoters(Set.copyOf(IDS)));
    }
    RecordingStateMachine sm = new RecordingStateMachine();
    RaftDriver d = new RaftDriver(id, options, storage, network.transport(id), sm);
    storages.put(id, storage);
    machines.put(id, sm);
    drivers.put(id, d);
    d.start();
  }

  private void stop(String id) {
    drivers.remove(id).close();
    storages.remove(id).close();
  }

  private String awaitLeader() {
    return Leaders.await(drivers.values());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void awaitAllApplied(List<String> expected) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      for (RecordingStateMachine sm : machines.values()) {
        assertThat(sm.applied).containsExactlyElementsOf(expected);
      }
    });
  }

  @Test
  void leaderReplicatesProposalsToEveryReplicaInOrder() throws Exception {
    startAll();
    String leader = awaitLeader();
    List<String> expected = new ArrayList<>();
    List<CompletableFuture<Void>> accepted = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add("cmd-" + i);
      accepted.add(drivers.get(leader).propose(bytes("cmd-" + i)));
    }
    CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    awaitAllApplied(expected);
  }

  @Test
  void aSlowStateMachineGetsABoundedBacklogNotEveryCommittedEntry() throws Exception {
    // Writing 60 MiB to three disks may hold a Ready (and its heartbeats) longer than 100 ms.
    options = options.withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(100));
    startAll();
    String leader = awaitLeader();
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    machines.get(leader).gate = gate;
    int n = 60;
    List<CompletableFuture<Void>> accepted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] big = new byte[1 << 20]; // 60 MiB in all: far above the 32 MiB apply budget
      big[0] = (byte) i;
      accepted.add(drivers.get(leader).propose(big));
    }
    CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    RaftDriver d = drivers.get(leader);
    // Everything commits (the followers apply freely) while the leader's state machine is stuck.
    long last = d.status().get().lastIndex();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(d.status().get().commitIndex())
        .as("commitIndex; status %s", d.status().get()).isGreaterThanOrEqualTo(last));
    assertThat(d.applyBacklogBytes())
        .isGreaterThan(0)
        .isLessThanOrEqualTo(RaftDriver.MAX_UNAPPLIED_BYTES + (2L << 20));
    gate.countDown();
    await().atMost(Duration.ofSeconds(60)).until(() -> machines.get(leader).lastIndex >= last);
    // The applier drops a batch from its count just after the state machine returns: await, not race, it.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(d.applyBacklogBytes()).isZero());
  }

  @Test
  void followerForwardsProposalsToTheLeader() throws Exception {
    startAll();
    String leader = awaitLeader();
    String follower = IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    // Propose once, after the follower has heard from the leader: retrying a proposal whose acceptance
    // timed out could apply it twice, and a follower that knows no leader refuses (NO_LEADER).
    await().atMost(Duration.ofSeconds(10)).until(() -> leader.equals(drivers.get(follower).softState().leaderId()));
    drivers.get(follower).propose(bytes("via-follower")).get(10, TimeUnit.SECONDS);
    awaitAllApplied(List.of("via-follower"));
  }

  @Test
  void readBarrierOnAFollowerSeesEveryAcknowledgedWrite() throws Exception {
    startAll();
    String leader = awaitLeader();
    drivers.get(leader).propose(bytes("w1")).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> machines.get(leader).applied.contains("w1"));
    for (String id : IDS) {
      long index = drivers.get(id).readBarrier().get(10, TimeUnit.SECONDS);
      assertThat(index).isPositive();
      // The barrier completes only once this replica applied up to the read index, which covers w1.
      assertThat(machines.get(id).applied).contains("w1");
    }
  }

  @Test
  void restartedNodeRecoversItsLogFromDiskAndCatchesUp() throws Exception {
    startAll();
    String leader = awaitLeader();
    String victim = IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add("a" + i);
      drivers.get(leader).propose(bytes("a" + i));
    }
    awaitAllApplied(expected);
    stop(victim);
    String leaderNow = awaitLeader();
    for (int i = 0; i < 50; i++) {
      expected.add("b" + i);
      drivers.get(leaderNow).propose(bytes("b" + i));
    }
    start(victim);
    awaitAllApplied(expected);
  }

  @Test
  void largeEntriesTriggerASnapshotByBytesLongBeforeTheEntryCount() throws Exception {
    options = options.withSnapshotEntries(50_000, 2).withSnapshotBytes(200_000);
    startAll();
    String leader = awaitLeader();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String v = i + "-" + "x".repeat(20_000); // 30 x 20 kB = 600 kB: three snapshots' worth of bytes
      expected.add(v);
      drivers.get(leader).propose(bytes(v)).get(5, TimeUnit.SECONDS);
    }
    awaitAllApplied(expected);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (DurableStorage s : storages.values()) {
        assertThat(s.snapshotMetadata().index()).isGreaterThan(10);
        assertThat(s.firstIndex()).isGreaterThan(8); // compacted behind the snapshot, 2 entries retained
      }
    });
  }

  @Test
  void followerFarBehindCatchesUpBySnapshot() throws Exception {
    options = options.withSnapshotEntries(40, 5);
    startAll();
    String leader = awaitLeader();
    String lagging = IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    network.isolate(lagging);
    assertThat(drivers.get(lagging).stats().snapshotsInstalled()).isZero();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      expected.add("s" + i);
      drivers.get(leader).propose(bytes("s" + i)).get(5, TimeUnit.SECONDS);
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> storages.get(leader).firstIndex() > 100);
    network.heal();
    awaitAllApplied(expected);
    assertThat(storages.get(lagging).snapshotMetadata().index()).isPositive();
    assertThat(drivers.get(lagging).stats().snapshotsInstalled()).isPositive();
    assertThat(drivers.get(leader).stats().snapshotsInstalled()).isZero();
  }

  @Test
  void commitIndexAloneNeverCostsAFollowerAnFsync() throws Exception {
    startAll();
    String leader = awaitLeader();
    String follower = IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    drivers.get(leader).propose(bytes("warm-up")).get(5, TimeUnit.SECONDS);
    awaitAllApplied(List.of("warm-up"));
    long before = storages.get(follower).metrics().fsyncs();
    List<String> expected = new ArrayList<>(List.of("warm-up"));
    int writes = 40;
    for (int i = 0; i < writes; i++) {
      expected.add("w" + i);
      drivers.get(leader).propose(bytes("w" + i)).get(5, TimeUnit.SECONDS);
      String cmd = "w" + i;
      // One write at a time: each reaches the follower as new entries, then as a new commitIndex.
      await().atMost(Duration.ofSeconds(10)).until(() -> machines.get(follower).applied.contains(cmd));
    }
    long fsyncs = storages.get(follower).metrics().fsyncs() - before;
    // One fsync per batch of new entries; the commit-only hard states that follow ride along for free
    // (fsyncing them too would double this count).
    assertThat(fsyncs).isLessThanOrEqualTo(writes + 5);
    awaitAllApplied(expected);
  }

  /** Drains {@code s} into {@code into} and returns it. */
  private static List<DriverEvent> drain(EventSubscription s, List<DriverEvent> into) {
    Published p;
    while ((p = s.poll()) != null) {
      into.add(p.event());
    }
    return into;
  }

  @Test
  void aSubscriberGetsStatusSnapshotsMessageCountsTheCoresEventsAndSnapshotsTaken() throws Exception {
    options = options.withSnapshotEntries(10, 2);
    startAll();
    String leader = awaitLeader();
    RaftDriver d = drivers.get(leader);
    assertThat(d.events().latestStatus()).as("nothing is built without subscribers").isNull();
    EventSubscription sub = d.events().subscribe(1024, () -> {});
    await().atMost(Duration.ofSeconds(10)).until(() -> d.events().latestStatus() != null);
    StatusSnapshot first = d.events().latestStatus();
    assertThat(first.status().role()).isEqualTo(StateRole.LEADER);
    assertThat(first.log()).isNotEmpty();
    assertThat(first.tickMillis()).isEqualTo(10);
    String follower = IDS.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      StatusSnapshot now = d.events().latestStatus();
      return now.timeMillis() > first.timeMillis() && now.messages().get(follower) != null
          && now.messages().get(follower).sent() > first.messages().getOrDefault(follower,
              new io.raftkv.server.events.PeerMessages(0, 0)).sent()
          && now.messages().get(follower).received() > 0;
    });
    for (int i = 0; i < 15; i++) {
      d.propose(bytes("e" + i)).get(5, TimeUnit.SECONDS);
    }
    List<DriverEvent> seen = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> drain(sub, seen).stream()
        .anyMatch(e -> e instanceof DriverEvent.SnapshotTaken t && t.index() >= 10));
    d.transferLeadership(follower);
    await().atMost(Duration.ofSeconds(10)).until(() -> drain(sub, seen).contains(
        new DriverEvent.Core(new RaftEvent.SteppedDown(first.status().currentTerm() + 1,
            RaftEvent.StepDownCause.TRANSFER))));
    assertThat(sub.droppedTotal()).isZero();
    sub.close();
    assertThat(d.events().hasSubscribers()).isFalse();
  }
}
