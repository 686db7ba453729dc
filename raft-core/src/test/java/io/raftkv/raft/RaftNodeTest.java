package io.raftkv.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfChangeSingle;
import io.raftkv.raft.proto.ConfChangeTransition;
import io.raftkv.raft.proto.ConfChangeType;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.RequestVoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Drives a few nodes by hand: deliver messages, persist Readies to MemoryStorage, advance. */
class RaftNodeTest {

  /** A tiny hand-driven cluster following the Ready contract literally. */
  static final class Cluster {
    final Map<String, RaftNode> nodes = new TreeMap<>();
    final Map<String, MemoryStorage> storages = new TreeMap<>();
    final Map<String, List<byte[]>> applied = new TreeMap<>();
    final Map<String, List<ReadState>> reads = new TreeMap<>();
    /** Every Ready each node handed out, in order. */
    final Map<String, List<Ready>> handled = new TreeMap<>();
    final ArrayDeque<Message> network = new ArrayDeque<>();
    final List<byte[]> installed = new ArrayList<>();
    final Set<String> isolated = new HashSet<>();
    Predicate<Message> drop = m -> false;

    Cluster(int size, java.util.function.UnaryOperator<Config.Builder> tune) {
      Set<String> ids = new java.util.TreeSet<>();
      for (int i = 1; i <= size; i++) {
        ids.add("n" + i);
      }
      for (String id : ids) {
        MemoryStorage s = new MemoryStorage();
        s.bootstrap(ConfState.ofVoters(ids));
        storages.put(id, s);
        applied.put(id, new ArrayList<>());
        reads.put(id, new ArrayList<>());
        Config cfg = tune.apply(Config.builder(id, new Random(id.hashCode())).electionTick(10).heartbeatTick(1))
            .build();
        nodes.put(id, RaftNode.create(cfg, s));
      }
    }

    RaftNode node(String id) {
      return nodes.get(id);
    }

    /** A joining member: empty storage, empty membership. */
    void join(String id, java.util.function.UnaryOperator<Config.Builder> tune) {
      MemoryStorage s = new MemoryStorage();
      storages.put(id, s);
      applied.put(id, new ArrayList<>());
      reads.put(id, new ArrayList<>());
      nodes.put(id, RaftNode.create(tune.apply(Config.builder(id, new Random(id.hashCode())).electionTick(10)
          .heartbeatTick(1)).build(), s));
    }

    /** Restart from storage (losing nothing: every Ready was persisted). */
    void restart(String id, java.util.function.UnaryOperator<Config.Builder> tune) {
      nodes.put(id, RaftNode.create(tune.apply(Config.builder(id, new Random(id.hashCode() + 1)).electionTick(10)
          .heartbeatTick(1)).build(), storages.get(id)));
      applied.put(id, new ArrayList<>());
    }

    /** The caller's compaction: snapshot at the applied index, then drop the log up to it. */
    void compact(String id, byte[] data) {
      MemoryStorage s = storages.get(id);
      Status st = nodes.get(id).status();
      s.createSnapshot(st.lastApplied(), st.confState(), data);
      s.compact(st.lastApplied());
    }

    /** Processes Readies and delivers messages until nothing moves. */
    void stabilize() {
      for (int round = 0; round < 10_000; round++) {
        boolean moved = false;
        for (Map.Entry<String, RaftNode> e : nodes.entrySet()) {
          if (isolated.contains(e.getKey())) {
            continue;
          }
          RaftNode n = e.getValue();
          while (n.hasReady()) {
            moved = true;
            handle(e.getKey(), n, n.ready());
          }
        }
        Message m;
        while ((m = network.poll()) != null) {
          moved = true;
          if (isolated.contains(m.to()) || isolated.contains(m.from()) || drop.test(m)) {
            continue;
          }
          nodes.get(m.to()).step(m);
          nodes.get(m.to()).checkInvariants();
        }
        if (!moved) {
          return;
        }
      }
      throw new AssertionError("cluster did not stabilize");
    }

    void handle(String id, RaftNode n, Ready rd) {
      handled.computeIfAbsent(id, k -> new ArrayList<>()).add(rd);
      MemoryStorage s = storages.get(id);
      network.addAll(rd.messagesToSendNow());
      for (SnapshotChunk c : rd.snapshotChunks()) {
        s.writeSnapshotChunk(c.metadata(), c.offset(), c.data(), c.done());
      }
      if (rd.snapshot() != null) {
        s.installSnapshot(rd.snapshot());
        installed.add(s.snapshotData());
      }
      s.append(rd.entries());
      if (rd.hardState() != null) {
        s.setHardState(rd.hardState());
      }
      network.addAll(rd.messagesAfterPersist());
      for (Entry e : rd.committedEntries()) {
        if (e.type() == EntryType.NORMAL && e.data().length > 0) {
          applied.get(id).add(e.data());
        }
      }
      reads.get(id).addAll(rd.readStates());
      n.advance(rd);
      n.checkInvariants();
    }

    void tickAll(int ticks) {
      for (int i = 0; i < ticks; i++) {
        for (Map.Entry<String, RaftNode> e : nodes.entrySet()) {
          if (!isolated.contains(e.getKey())) {
            e.getValue().tick();
            e.getValue().checkInvariants();
          }
        }
        stabilize();
      }
    }

    String leader() {
      String leader = null;
      for (RaftNode n : nodes.values()) {
        if (n.status().role() == StateRole.LEADER && !isolated.contains(n.status().id())) {
          leader = n.status().id();
        }
      }
      return leader;
    }

    List<String> appliedStrings(String id) {
      List<String> out = new ArrayList<>();
      for (byte[] b : applied.get(id)) {
        out.add(new String(b, StandardCharsets.UTF_8));
      }
      return out;
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void electsALeaderAndReplicatesToEveryone() {
    Cluster c = new Cluster(3, x -> x);
    c.node("n1").campaign();
    c.stabilize();
    assertThat(c.node("n1").status().role()).isEqualTo(StateRole.LEADER);
    assertThat(c.node("n2").status().leaderId()).isEqualTo("n1");
    long term = c.node("n1").status().currentTerm();
    assertThat(c.node("n3").status().currentTerm()).isEqualTo(term);

    c.node("n1").propose(b("a"));
    c.node("n1").propose(b("b"));
    c.stabilize();
    c.tickAll(2); // heartbeats carry the commit index to followers
    for (String id : c.nodes.keySet()) {
      assertThat(c.appliedStrings(id)).as(id).containsExactly("a", "b");
      assertThat(c.storages.get(id).hardState().currentTerm()).isEqualTo(term);
    }
  }

  @Test
  void electionTimeoutElectsSomeoneWithoutCampaign() {
    Cluster c = new Cluster(3, x -> x);
    c.tickAll(40);
    String leader = c.leader();
    assertThat(leader).isNotNull();
    for (RaftNode n : c.nodes.values()) {
      assertThat(n.status().leaderId()).isEqualTo(leader);
    }
  }

  @Test
  void voteRepliesWaitForPersistenceAndCandidateRequestsToo() {
    Cluster c = new Cluster(3, x -> x.preVote(false));
    RaftNode n1 = c.node("n1");
    n1.campaign();
    Ready rd = n1.ready();
    assertThat(rd.hardState().votedFor()).isEqualTo("n1");
    assertThat(rd.messagesToSendNow()).isEmpty();
    assertThat(rd.messagesAfterPersist()).hasSize(2).allMatch(m -> m instanceof RequestVote);
    RaftNode n2 = c.node("n2");
    n2.step(rd.messagesAfterPersist().get(0));
    Ready r2 = n2.ready();
    assertThat(r2.hardState().votedFor()).isEqualTo("n1");
    assertThat(r2.messagesToSendNow()).isEmpty();
    assertThat(r2.messagesAfterPersist()).singleElement()
        .isInstanceOfSatisfying(RequestVoteResponse.class, v -> assertThat(v.voteGranted()).isTrue());
  }

  @Test
  void manyProposalsBetweenReadiesLeaveAsOneAppendPerFollower() {
    Cluster c = new Cluster(3, x -> x);
    c.node("n1").campaign();
    c.stabilize();
    RaftNode leader = c.node("n1");
    for (int i = 0; i < 50; i++) {
      leader.propose(b("x" + i));
    }
    Ready rd = leader.ready();
    List<Message> appends = rd.messagesToSendNow().stream().filter(m -> m instanceof AppendEntries).toList();
    assertThat(appends).hasSize(2);
    assertThat(appends).allSatisfy(m -> assertThat(((AppendEntries) m).entries()).hasSize(50));
    assertThat(rd.entries()).hasSize(50);
    c.handle("n1", leader, rd);
    c.stabilize();
    c.tickAll(2);
    assertThat(c.appliedStrings("n3")).hasSize(50);
  }

  @Test
  void leaderCountsItselfOnlyAfterAdvance() {
    Cluster c = new Cluster(1, x -> x);
    RaftNode n = c.node("n1");
    n.campaign();
    // A sole voter leads only once its term and self-vote are durable (a crash could forget them).
    assertThat(n.status().role()).isEqualTo(StateRole.CANDIDATE);
    Ready vote = n.ready();
    assertThat(vote.entries()).isEmpty();
    c.handle("n1", n, vote);
    assertThat(n.status().role()).isEqualTo(StateRole.LEADER);
    Ready rd = n.ready();
    assertThat(rd.committedEntries()).isEmpty();
    assertThat(n.status().commitIndex()).isZero();
    c.handle("n1", n, rd);
    Ready rd2 = n.ready();
    assertThat(rd2.committedEntries()).hasSize(1);
  }

  @Test
  void followerForwardsProposalsAndNoLeaderDrops() {
    Cluster c = new Cluster(3, x -> x);
    assertThatThrownBy(() -> c.node("n2").propose(b("z")))
        .isInstanceOfSatisfying(ProposalDroppedException.class, e -> assertThat(e.reason()).isEqualTo(DropReason.NO_LEADER));
    c.node("n1").campaign();
    c.stabilize();
    c.node("n2").propose(b("fwd"));
    c.stabilize();
    c.tickAll(2);
    assertThat(c.appliedStrings("n1")).containsExactly("fwd");
    assertThat(c.appliedStrings("n3")).containsExactly("fwd");
  }

  @Test
  void readIndexIsConfirmedByAHeartbeatRound() {
    Cluster c = new Cluster(3, x -> x);
    c.node("n1").campaign();
    c.stabilize();
    c.node("n1").propose(b("v"));
    c.stabilize();
    c.node("n1").readIndex(7);
    c.node("n2").readIndex(8);
    c.stabilize();
    long commit = c.node("n1").status().commitIndex();
    assertThat(c.reads.get("n1")).containsExactly(new ReadState(7, commit));
    assertThat(c.reads.get("n2")).containsExactly(new ReadState(8, commit));
  }

  @Test
  void partitionedLeaderStepsDownAndRejoinsWithoutDisruption() {
    Cluster c = new Cluster(3, x -> x);
    c.node("n1").campaign();
    c.stabilize();
    c.isolated.add("n1");
    c.tickAll(60);
    String newLeader = c.leader();
    assertThat(newLeader).isIn("n2", "n3");
    // n1, cut off, stepped down by CheckQuorum.
    for (int i = 0; i < 30; i++) {
      c.node("n1").tick();
    }
    assertThat(c.node("n1").status().role()).isNotEqualTo(StateRole.LEADER);
    long term = c.node(newLeader).status().currentTerm();
    c.isolated.clear();
    c.tickAll(40);
    assertThat(c.leader()).isEqualTo(newLeader);
    assertThat(c.node(newLeader).status().currentTerm()).isEqualTo(term);
  }

  private static ConfChangeSingle add(String id) {
    return new ConfChangeSingle(ConfChangeType.ADD_NODE, id);
  }

  private static ConfChangeSingle learner(String id) {
    return new ConfChangeSingle(ConfChangeType.ADD_LEARNER, id);
  }

  private static Cluster elected(int size, java.util.function.UnaryOperator<Config.Builder> tune) {
    Cluster c = new Cluster(size, tune);
    c.node("n1").campaign();
    c.stabilize();
    assertThat(c.leader()).isEqualTo("n1");
    return c;
  }

  @Test
  void onlyEntriesOrANewTermOrVoteMustBeSyncedNotACommitIndexAlone() {
    Cluster c = new Cluster(3, x -> x);
    c.node("n1").campaign();
    c.stabilize();
    List<Ready> n2 = c.handled.get("n2");
    assertThat(n2.get(0).hardState()).as("a granted pre-vote (§9.6) changes no hard state").isNull();
    assertThat(n2.get(0).mustSync()).isFalse();
    Ready vote = n2.stream().filter(rd -> rd.hardState() != null).findFirst().orElseThrow();
    assertThat(vote.hardState()).as("n2 grants its vote").isEqualTo(new HardState(1, "n1", 0));
    assertThat(vote.mustSync()).as("a new term and vote (§5.1)").isTrue();
    assertThat(n2).filteredOn(rd -> !rd.entries().isEmpty()).as("Readies with entries").isNotEmpty()
        .allMatch(Ready::mustSync);
    Ready commitOnly = n2.stream()
        .filter(rd -> rd.hardState() != null && rd.hardState().commitIndex() > 0 && rd.entries().isEmpty())
        .findFirst().orElseThrow();
    assertThat(commitOnly.hardState()).isEqualTo(new HardState(1, "n1", commitOnly.hardState().commitIndex()));
    assertThat(commitOnly.mustSync()).as("only commitIndex changed").isFalse();
    assertThat(commitOnly.messagesAfterPersist()).as("its ack leaves without waiting for a sync").isNotEmpty();
  }

  @Test
  void readyTwiceWithoutAdvanceIsRefused() {
    Cluster c = new Cluster(1, x -> x);
    RaftNode n = c.node("n1");
    n.campaign();
    Ready rd = n.ready();
    assertThat(n.hasReady()).isFalse();
    assertThatThrownBy(n::ready).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> n.advance(new Ready(null, null, List.of(), List.of(), null, List.of(), null,
        List.of(), List.of(), List.of(), false))).isInstanceOf(IllegalArgumentException.class);
    n.advance(rd);
  }

  @Test
  void applyBacklogStaysWithinItsCapUntilTheCallerReportsApplied() {
    Cluster c = new Cluster(1, x -> x.maxUnappliedBytes(2_500));
    RaftNode n = c.node("n1");
    n.campaign();
    c.handle("n1", n, n.ready()); // the self-vote is durable: now it leads
    for (int i = 0; i < 10; i++) {
      n.propose(new byte[1_000]);
    }
    List<Entry> handed = new ArrayList<>();
    List<Long> backlogs = new ArrayList<>();
    while (handed.size() < 11) { // the leader's no-op and the ten commands
      List<Entry> round = new ArrayList<>();
      while (n.hasReady()) {
        Ready rd = n.ready();
        round.addAll(rd.committedEntries());
        c.handle("n1", n, rd);
      }
      assertThat(round).as("handed out after applied was reported up to %d", handed.size()).isNotEmpty();
      backlogs.add(round.stream().mapToLong(Entry::sizeBytes).sum());
      handed.addAll(round);
      n.appliedTo(handed.get(handed.size() - 1).index());
    }
    // Never more than the cap plus the one entry that may cross it, so it took several rounds.
    assertThat(backlogs).allSatisfy(b -> assertThat(b).isLessThan(2_500 + handed.get(1).sizeBytes()));
    assertThat(backlogs.size()).isGreaterThanOrEqualTo(4);
    assertThat(handed).extracting(Entry::index).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(c.applied.get("n1")).hasSize(10);
  }

  @Test
  void withoutACapCommittedEntriesAreHandedOutWithoutWaitingForApplied() {
    Cluster c = new Cluster(1, x -> x);
    RaftNode n = c.node("n1");
    n.campaign();
    c.handle("n1", n, n.ready()); // the self-vote is durable: now it leads
    for (int i = 0; i < 10; i++) {
      n.propose(new byte[1_000]);
    }
    c.stabilize();
    assertThat(c.applied.get("n1")).hasSize(10);
  }

  @Test
  void uncommittedBudgetDropsProposals() {
    Cluster c = elected(3, x -> x.maxUncommittedEntriesBytes(100));
    c.isolated.add("n2");
    c.isolated.add("n3");
    RaftNode leader = c.node("n1");
    leader.propose(new byte[80]);
    assertThatThrownBy(() -> leader.propose(new byte[80]))
        .isInstanceOfSatisfying(ProposalDroppedException.class,
            e -> assertThat(e.reason()).isEqualTo(DropReason.TOO_MANY_UNCOMMITTED));
    c.isolated.clear();
    c.tickAll(3);
    leader.propose(new byte[80]); // the budget was released when the first one committed
  }

  private static final byte[] SNAPSHOT_IMAGE =
      "state-machine-image-of-forty-bytes-or-so".getBytes(StandardCharsets.UTF_8);

  /** n1 leads, n3 missed 20 entries that n1 then compacted into {@link #SNAPSHOT_IMAGE} (7-byte chunks). */
  private static Cluster n3BehindACompactedLeader() {
    Cluster c = elected(3, x -> x.maxSnapshotChunkBytes(7));
    c.isolated.add("n3");
    for (int i = 0; i < 20; i++) {
      c.node("n1").propose(b("v" + i));
      c.stabilize();
    }
    c.tickAll(2);
    c.compact("n1", SNAPSHOT_IMAGE);
    c.isolated.clear();
    return c;
  }

  @Test
  void slowFollowerCatchesUpFromASnapshotStreamedInChunks() {
    Cluster c = n3BehindACompactedLeader();
    byte[] snap = SNAPSHOT_IMAGE;
    int[] chunks = {0};
    c.drop = m -> {
      if (m instanceof io.raftkv.raft.proto.InstallSnapshot is && is.offset() > 0) {
        chunks[0]++;
        return chunks[0] == 2; // lose one chunk: the leader must resume from the follower's offset
      }
      return false;
    };
    c.tickAll(30);
    assertThat(c.installed).hasSize(1);
    assertThat(c.installed.get(0)).isEqualTo(snap);
    Status s3 = c.node("n3").status();
    assertThat(s3.commitIndex()).isEqualTo(c.node("n1").status().commitIndex());
    c.node("n1").propose(b("after"));
    c.stabilize();
    c.tickAll(2);
    assertThat(c.appliedStrings("n3")).containsExactly("after");
    assertThat(c.node("n1").status().progress().get("n3").matchIndex()).isEqualTo(c.node("n1").status().lastIndex());
  }

  /**
   * A follower that restarts while a snapshot streams to it has lost the chunks it held and answers "from
   * offset 0". The leader must rewind even while its own retransmitted chunk is in flight, or every
   * heartbeat resends the same late chunk and the follower never catches up (simulator seed 2305 of the
   * 100,000-seed sweep found that livelock).
   */
  @Test
  void followerRestartedMidSnapshotIsSentTheSnapshotFromTheStart() {
    Cluster c = n3BehindACompactedLeader();
    byte[] snap = SNAPSHOT_IMAGE;
    boolean[] restarted = {false};
    c.drop = m -> {
      if (m instanceof io.raftkv.raft.proto.InstallSnapshot is && is.offset() == 14 && !restarted[0]) {
        restarted[0] = true;
        c.restart("n3", x -> x.maxSnapshotChunkBytes(7)); // the chunks before offset 14 are gone with it
      }
      return false;
    };
    c.tickAll(30);
    assertThat(restarted[0]).isTrue();
    assertThat(c.installed).hasSize(1);
    assertThat(c.installed.get(0)).isEqualTo(snap);
    assertThat(c.node("n3").status().commitIndex()).isEqualTo(c.node("n1").status().commitIndex());
  }

  @Test
  void joiningLearnerLearnsMembershipFromTheLogAndIsPromoted() {
    Cluster c = elected(3, x -> x);
    c.node("n1").propose(b("x"));
    c.stabilize();
    c.join("n4", x -> x);
    c.node("n1").proposeConfChange(ConfChange.of(learner("n4")));
    c.stabilize();
    c.tickAll(5);
    Status s4 = c.node("n4").status();
    assertThat(s4.learner()).isTrue();
    assertThat(s4.confState().voters()).containsExactlyInAnyOrder("n1", "n2", "n3");
    assertThat(c.appliedStrings("n4")).containsExactly("x");
    assertThat(c.node("n1").status().progress().get("n4").voter()).isFalse();

    c.node("n1").proposeConfChange(ConfChange.of(add("n4")));
    c.stabilize();
    c.tickAll(3);
    for (String id : List.of("n1", "n2", "n3", "n4")) {
      assertThat(c.node(id).status().confState().voters()).as(id).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
    }
    // A restarted member rebuilds the same membership from storage (bootstrap + replayed CONF_CHANGEs).
    c.restart("n4", x -> x);
    assertThat(c.node("n4").status().confState().voters()).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
  }

  @Test
  void onlyOneConfChangeMayBePending() {
    Cluster c = elected(3, x -> x);
    c.isolated.add("n2");
    c.isolated.add("n3");
    c.node("n1").proposeConfChange(ConfChange.of(learner("n4")));
    assertThatThrownBy(() -> c.node("n1").proposeConfChange(ConfChange.of(learner("n5"))))
        .isInstanceOfSatisfying(ProposalDroppedException.class,
            e -> assertThat(e.reason()).isEqualTo(DropReason.CONF_CHANGE_PENDING));
    assertThatThrownBy(() -> c.node("n1").proposeConfChange(ConfChange.leaveJoint()))
        .isInstanceOf(ProposalDroppedException.class);
  }

  @Test
  void jointConsensusWithAutoLeaveReplacesTheWholeCluster() {
    Cluster c = elected(3, x -> x);
    for (String id : List.of("n4", "n5")) {
      c.join(id, x -> x);
    }
    ConfChange swap = new ConfChange(ConfChangeTransition.AUTO, List.of(add("n4"), add("n5"),
        new ConfChangeSingle(ConfChangeType.REMOVE_NODE, "n2"), new ConfChangeSingle(ConfChangeType.REMOVE_NODE, "n3")));
    c.node("n1").proposeConfChange(swap);
    c.stabilize();
    c.tickAll(5);
    ConfState cs = c.node("n1").status().confState();
    assertThat(cs.isJoint()).as("the leader left the joint configuration by itself").isFalse();
    assertThat(cs.voters()).containsExactlyInAnyOrder("n1", "n4", "n5");
    // The new configuration commits without the removed members.
    c.isolated.add("n2");
    c.isolated.add("n3");
    c.node("n1").propose(b("new-config"));
    c.stabilize();
    c.tickAll(2);
    assertThat(c.appliedStrings("n5")).containsExactly("new-config");
  }

  @Test
  void removedLeaderStepsDownOnceTheChangeCommits() {
    Cluster c = elected(3, x -> x);
    c.node("n1").proposeConfChange(ConfChange.of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, "n1")));
    c.stabilize();
    assertThat(c.node("n1").status().role()).isEqualTo(StateRole.FOLLOWER);
    c.isolated.add("n1");
    c.tickAll(40);
    assertThat(c.leader()).isIn("n2", "n3");
  }

  @Test
  void leadershipTransferCatchesUpTheTargetThenHandsOver() {
    Cluster c = elected(3, x -> x);
    c.isolated.add("n3");
    c.node("n1").propose(b("while-away"));
    c.stabilize();
    c.isolated.clear();
    c.node("n1").transferLeadership("n3");
    assertThatThrownBy(() -> c.node("n1").propose(b("refused")))
        .isInstanceOfSatisfying(ProposalDroppedException.class,
            e -> assertThat(e.reason()).isEqualTo(DropReason.LEADERSHIP_TRANSFER_IN_PROGRESS));
    c.stabilize();
    assertThat(c.leader()).isEqualTo("n3");
    assertThat(c.node("n1").status().leaderId()).isEqualTo("n3");
    assertThatThrownBy(() -> c.node("n3").transferLeadership("nobody")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leaseReadsSkipTheHeartbeatRoundWhileTheLeaseHolds() {
    Cluster c = elected(3, x -> x.readOnlyOption(ReadOnlyOption.LEASE_BASED).leaseTicks(8));
    c.tickAll(2); // a heartbeat round acknowledged by a quorum starts the lease
    RaftNode leader = c.node("n1");
    leader.readIndex(1);
    Ready rd = leader.ready();
    assertThat(rd.readStates()).containsExactly(new ReadState(1, leader.status().commitIndex()));
    assertThat(rd.messagesToSendNow()).isEmpty();
    c.handle("n1", leader, rd);
    // Once the followers are silent for longer than the lease, the read needs a confirmed round again.
    c.isolated.add("n2");
    c.isolated.add("n3");
    for (int i = 0; i < 9; i++) {
      leader.tick();
      while (leader.hasReady()) {
        c.handle("n1", leader, leader.ready());
      }
    }
    c.network.clear();
    leader.readIndex(2);
    Ready rd2 = leader.ready();
    assertThat(rd2.readStates()).isEmpty();
    c.handle("n1", leader, rd2);
  }

  @Test
  void preVoteKeepsAPartitionedNodeFromBumpingTerms() {
    Cluster c = elected(3, x -> x);
    long term = c.node("n1").status().currentTerm();
    c.isolated.add("n3");
    for (int i = 0; i < 50; i++) {
      c.node("n3").tick();
      while (c.node("n3").hasReady()) {
        c.handle("n3", c.node("n3"), c.node("n3").ready());
      }
    }
    c.network.clear();
    assertThat(c.node("n3").status().currentTerm()).isEqualTo(term);
  }

  /** A single follower n1 in a 3-voter cluster, fed messages by hand. */
  private static RaftNode follower(Config.Builder b, MemoryStorage s) {
    s.bootstrap(ConfState.ofVoters(Set.of("n1", "n2", "n3")));
    return RaftNode.create(b.build(), s);
  }

  private static Config.Builder cfg(String id) {
    return Config.builder(id, new Random(1)).electionTick(10).heartbeatTick(1);
  }

  private static List<Message> drain(RaftNode n, MemoryStorage s) {
    List<Message> out = new ArrayList<>();
    while (n.hasReady()) {
      Ready rd = n.ready();
      out.addAll(rd.messagesToSendNow());
      s.append(rd.entries());
      if (rd.hardState() != null) {
        s.setHardState(rd.hardState());
      }
      out.addAll(rd.messagesAfterPersist());
      n.advance(rd);
    }
    return out;
  }

  @Test
  void section5_4_1_voteIsDeniedToALessUpToDateLog() {
    MemoryStorage s = new MemoryStorage();
    RaftNode n = follower(cfg("n1").preVote(false).checkQuorum(false), s);
    n.step(new AppendEntries("n2", "n1", 2, 0, 0,
        List.of(Entry.normal(1, 1, b("a")), Entry.normal(2, 2, b("b"))), 0));
    drain(n, s);
    n.step(new RequestVote("n3", "n1", 3, 5, 1, false, false)); // longer log, older last term
    List<Message> out = drain(n, s);
    assertThat(out).singleElement().isInstanceOfSatisfying(RequestVoteResponse.class,
        r -> assertThat(r.voteGranted()).isFalse());
    assertThat(n.status().currentTerm()).isEqualTo(3);
    assertThat(n.status().votedFor()).isNull();
    n.step(new RequestVote("n3", "n1", 3, 2, 2, false, false));
    assertThat(drain(n, s)).singleElement().isInstanceOfSatisfying(RequestVoteResponse.class,
        r -> assertThat(r.voteGranted()).isTrue());
    // §5.2: one vote per term, first come first served; re-granting the same candidate is fine.
    n.step(new RequestVote("n2", "n1", 3, 9, 9, false, false));
    assertThat(drain(n, s)).singleElement().isInstanceOfSatisfying(RequestVoteResponse.class,
        r -> assertThat(r.voteGranted()).isFalse());
    n.step(new RequestVote("n3", "n1", 3, 2, 2, false, false));
    assertThat(drain(n, s)).singleElement().isInstanceOfSatisfying(RequestVoteResponse.class,
        r -> assertThat(r.voteGranted()).isTrue());
    assertThat(s.hardState().votedFor()).isEqualTo("n3");
  }

  @Test
  void section5_3_followerRejectsAMismatchWithAHintThatSkipsTheTerm() {
    MemoryStorage s = new MemoryStorage();
    RaftNode n = follower(cfg("n1").preVote(false), s);
    List<Entry> ents = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      ents.add(Entry.normal(i <= 2 ? 1 : 2, i, b("e" + i)));
    }
    n.step(new AppendEntries("n2", "n1", 2, 0, 0, ents, 2));
    drain(n, s);
    // A new leader of term 4 whose log has term 3 at index 6.
    n.step(new AppendEntries("n3", "n1", 4, 6, 3, List.of(), 2));
    List<Message> out = drain(n, s);
    assertThat(out).singleElement().isInstanceOfSatisfying(io.raftkv.raft.proto.AppendEntriesResponse.class, r -> {
      assertThat(r.success()).isFalse();
      assertThat(r.rejectedIndex()).isEqualTo(6);
      assertThat(r.conflictTerm()).isEqualTo(2);
      assertThat(r.conflictIndex()).isEqualTo(3);
    });
    // Beyond our log: conflictTerm 0 and our lastIndex + 1.
    n.step(new AppendEntries("n3", "n1", 4, 9, 4, List.of(), 2));
    assertThat(drain(n, s)).singleElement().isInstanceOfSatisfying(
        io.raftkv.raft.proto.AppendEntriesResponse.class, r -> {
          assertThat(r.conflictTerm()).isZero();
          assertThat(r.conflictIndex()).isEqualTo(7);
        });
    // The real conflict truncates only the suffix after the matching prefix.
    n.step(new AppendEntries("n3", "n1", 4, 2, 1, List.of(Entry.normal(3, 3, b("x"))), 3));
    drain(n, s);
    assertThat(s.lastIndex()).isEqualTo(3);
    assertThat(s.term(3)).isEqualTo(3);
    assertThat(n.status().commitIndex()).isEqualTo(3);
  }

  @Test
  void malformedAppendEntriesIsRefusedWithoutTouchingTheLog() {
    MemoryStorage s = new MemoryStorage();
    RaftNode n = follower(cfg("n1"), s);
    assertThatThrownBy(() -> n.step(new AppendEntries("n2", "n1", 1, 0, 0, List.of(Entry.normal(1, 5, b("x"))), 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
    drain(n, s);
    assertThat(s.lastIndex()).isZero();
  }

  @Test
  void staleLeaderLearnsTheNewTermFromItsFollowers() {
    MemoryStorage s = new MemoryStorage();
    RaftNode n = follower(cfg("n1"), s);
    n.step(new io.raftkv.raft.proto.Heartbeat("n2", "n1", 5, 0, 1));
    drain(n, s);
    n.step(new io.raftkv.raft.proto.Heartbeat("n3", "n1", 4, 0, 1));
    assertThat(drain(n, s)).singleElement().isInstanceOfSatisfying(
        io.raftkv.raft.proto.AppendEntriesResponse.class, r -> {
          assertThat(r.term()).isEqualTo(5);
          assertThat(r.to()).isEqualTo("n3");
        });
  }

  @Test
  void section5_3_uncommittedEntryOfADeposedLeaderIsOverwrittenNeverApplied() {
    Cluster c = new Cluster(3, x -> x.preVote(false).checkQuorum(false));
    c.node("n1").campaign();
    c.stabilize();
    // n1 (term 2) appends an entry that reaches nobody, then loses leadership to n2 (term 3).
    c.isolated.add("n1");
    c.node("n1").propose(b("old"));
    while (c.node("n1").hasReady()) {
      c.handle("n1", c.node("n1"), c.node("n1").ready());
    }
    c.network.clear();
    c.node("n2").campaign();
    c.stabilize();
    assertThat(c.leader()).isEqualTo("n2");
    long term = c.node("n2").status().currentTerm();
    assertThat(term).isGreaterThan(c.node("n1").status().currentTerm());
    assertThat(c.node("n2").status().commitIndex()).as("only via an entry of term " + term).isPositive();
    c.isolated.clear();
    c.tickAll(3);
    // n1's uncommitted entry of the old term was overwritten, never applied.
    assertThat(c.appliedStrings("n1")).doesNotContain("old");
  }

  @Test
  void section4_2_3_followerInLeaseIgnoresAHigherTermVoteUnlessItIsATransfer() {
    MemoryStorage s = new MemoryStorage();
    RaftNode n = follower(cfg("n1"), s);
    n.step(new io.raftkv.raft.proto.Heartbeat("n2", "n1", 2, 0, 1));
    drain(n, s);
    n.step(new RequestVote("n3", "n1", 3, 0, 0, false, false));
    assertThat(drain(n, s)).isEmpty();
    assertThat(n.status().currentTerm()).as("a disruptive candidate does not bump our term").isEqualTo(2);
    n.step(new RequestVote("n3", "n1", 3, 0, 0, false, true));
    assertThat(drain(n, s)).singleElement().isInstanceOfSatisfying(RequestVoteResponse.class,
        r -> assertThat(r.voteGranted()).isTrue());
    assertThat(n.status().currentTerm()).isEqualTo(3);
  }

  @Test
  void restartWithAppliedIndexHandsOnlyLaterEntries() {
    Cluster c = elected(1, x -> x);
    for (int i = 0; i < 5; i++) {
      c.node("n1").propose(b("c" + i));
      c.stabilize();
    }
    long applied = c.node("n1").status().lastApplied();
    assertThat(applied).isGreaterThanOrEqualTo(6);
    c.restart("n1", x -> x.applied(applied - 2));
    c.node("n1").campaign();
    c.stabilize();
    assertThat(c.appliedStrings("n1")).containsExactly("c3", "c4");
    assertThat(c.node("n1").status().lastApplied()).isGreaterThan(applied);
  }
}
