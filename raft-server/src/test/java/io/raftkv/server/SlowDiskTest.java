package io.raftkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.raft.StateRole;
import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.server.transport.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: heartbeats, heartbeat acknowledgements and ReadIndex rounds never wait for a disk. Three
 * drivers on the in-memory transport; the test holds some nodes' fsync shut (a {@link GatedStorage}) for
 * longer than {@value #STALL_ELECTION_TIMEOUTS} election timeouts and checks that nobody starts an
 * election, the leader keeps its quorum (CheckQuorum is on), reads confirm, and the stalled write commits
 * once the disks return.
 */
class SlowDiskTest {

  private static final List<String> IDS = List.of("n1", "n2", "n3");
  private static final Duration ELECTION = Duration.ofMillis(100);
  private static final int STALL_ELECTION_TIMEOUTS = 6;

  private final InMemoryNetwork network = new InMemoryNetwork(7);
  private final Map<String, RaftDriver> drivers = new LinkedHashMap<>();
  private final Map<String, GatedStorage> disks = new LinkedHashMap<>();
  private final Map<String, RecordingStateMachine> machines = new LinkedHashMap<>();

  @BeforeEach
  void startAll() {
    NodeOptions options = NodeOptions.defaults().withTimeouts(ELECTION, Duration.ofMillis(20));
    for (String id : IDS) {
      MemoryStorage memory = new MemoryStorage();
      memory.bootstrap(ConfState.ofVoters(Set.copyOf(IDS)));
      GatedStorage disk = new GatedStorage(memory);
      RecordingStateMachine sm = new RecordingStateMachine();
      RaftDriver d = new RaftDriver(id, options, disk, network.transport(id), sm);
      disks.put(id, disk);
      machines.put(id, sm);
      drivers.put(id, d);
      d.start();
    }
  }

  @AfterEach
  void stopAll() {
    disks.values().forEach(GatedStorage::release);
    drivers.values().forEach(RaftDriver::close);
  }

  @Test
  void aLeaderWhoseFsyncHangsKeepsLeadingAndServingReads() throws Exception {
    String leader = awaitLeaderWithAppliedEntry();
    Map<String, Long> terms = terms();
    disks.get(leader).stall();
    drivers.get(leader).propose(bytes("stalled")).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> disks.get(leader).blockedSyncs() > 0);

    assertNoElectionWhileStalled(leader, terms, disks.get(leader));
    // Reads through both followers are confirmed by the stalled leader's heartbeat rounds.
    for (String id : IDS) {
      if (!id.equals(leader)) {
        drivers.get(id).readBarrier().get(5, TimeUnit.SECONDS);
      }
    }
    assertThat(disks.get(leader).blockedSyncs()).as("the leader's fsync is still stuck").isPositive();

    disks.get(leader).release();
    awaitAppliedEverywhere("stalled");
    assertThat(terms()).isEqualTo(terms);
  }

  @Test
  void followersWhoseFsyncHangsStillAcknowledgeHeartbeats() throws Exception {
    String leader = awaitLeaderWithAppliedEntry();
    Map<String, Long> terms = terms();
    List<String> followers = new ArrayList<>(IDS);
    followers.remove(leader);
    followers.forEach(f -> disks.get(f).stall());
    drivers.get(leader).propose(bytes("stalled")).get(5, TimeUnit.SECONDS);
    for (String f : followers) {
      await().atMost(Duration.ofSeconds(5)).until(() -> disks.get(f).blockedSyncs() > 0);
    }

    // No follower can make the write durable, so it cannot commit; CheckQuorum must still see a quorum.
    assertNoElectionWhileStalled(leader, terms, disks.get(followers.get(0)));
    CompletableFuture<Long> read = drivers.get(leader).readBarrier();
    read.get(5, TimeUnit.SECONDS);
    assertThat(machines.get(leader).applied).doesNotContain("stalled");
    for (String f : followers) {
      assertThat(disks.get(f).blockedSyncs()).as("%s's fsync is still stuck", f).isPositive();
    }

    followers.forEach(f -> disks.get(f).release());
    awaitAppliedEverywhere("stalled");
    assertThat(terms()).isEqualTo(terms);
  }

  @Test
  void theLeaderHandsItsNextBatchToStorageWhileThePreviousFsyncIsBlocked() throws Exception {
    String leader = awaitLeaderWithAppliedEntry();
    RaftDriver d = drivers.get(leader);
    GatedStorage disk = disks.get(leader);
    disk.stall();
    d.propose(bytes("first")).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> disk.blockedSyncs() > 0);
    long first = d.lastIndexHandedToStorage();

    d.propose(bytes("second")).get(5, TimeUnit.SECONDS);
    // Asynchronous storage writes: the second batch is in the Persister's queue behind the blocked fsync,
    // not held in the core until the first Ready is advanced.
    await().atMost(Duration.ofSeconds(5)).until(() -> d.lastIndexHandedToStorage() > first);
    assertThat(disk.blockedSyncs()).as("the first fsync is still blocked").isPositive();
    // The followers' two durable copies are a quorum: both commit and apply there, not yet on the leader,
    // whose own log does not hold them durably.
    for (String id : IDS) {
      if (!id.equals(leader)) {
        await().atMost(Duration.ofSeconds(5)).until(() -> machines.get(id).applied.contains("second"));
      }
    }
    assertThat(machines.get(leader).applied).doesNotContain("first", "second");
    assertThat(disk.blockedSyncs()).as("the first fsync is still blocked").isPositive();

    disk.release();
    awaitAppliedEverywhere("second");
    assertThat(machines.get(leader).applied).containsSubsequence("first", "second");
  }

  /** For several election timeouts while {@code stalled} holds a sync: same leader, same terms. */
  private void assertNoElectionWhileStalled(String leader, Map<String, Long> terms, GatedStorage stalled) {
    await()
        .during(ELECTION.multipliedBy(STALL_ELECTION_TIMEOUTS))
        .atMost(ELECTION.multipliedBy(STALL_ELECTION_TIMEOUTS + 20))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> stalled.blockedSyncs() > 0
            && drivers.get(leader).softState().role() == StateRole.LEADER
            && terms().equals(terms));
  }

  /** A leader elected, with its term's first entry applied everywhere (so no election is in progress). */
  private String awaitLeaderWithAppliedEntry() throws Exception {
    String leader = Leaders.await(drivers.values());
    drivers.get(leader).propose(bytes("warm-up")).get(5, TimeUnit.SECONDS);
    awaitAppliedEverywhere("warm-up");
    return leader;
  }

  private void awaitAppliedEverywhere(String command) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      for (RecordingStateMachine sm : machines.values()) {
        assertThat(sm.applied).contains(command);
      }
    });
  }

  private Map<String, Long> terms() throws Exception {
    Map<String, Long> terms = new LinkedHashMap<>();
    for (RaftDriver d : drivers.values()) {
      terms.put(d.id(), d.status().get(5, TimeUnit.SECONDS).currentTerm());
    }
    return terms;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
