package io.raftkv.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
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
    final ArrayDeque<Message> network = new ArrayDeque<>();
    final Set<String> isolated = new HashSet<>();
    Predicate<Message> drop = m -> false;

    Cluster(int size, Config.Builder template) {
      this(size, b -> b);
    }

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
        }
        if (!moved) {
          return;
        }
      }
      throw new AssertionError("cluster did not stabilize");
    }

    void handle(String id, RaftNode n, Ready rd) {
      MemoryStorage s = storages.get(id);
      network.addAll(rd.messagesToSendNow());
      for (SnapshotChunk c : rd.snapshotChunks()) {
        s.writeSnapshotChunk(c.metadata(), c.offset(), c.data(), c.done());
      }
      if (rd.snapshot() != null) {
        s.installSnapshot(rd.snapshot());
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
    }

    void tickAll(int ticks) {
      for (int i = 0; i < ticks; i++) {
        for (Map.Entry<String, RaftNode> e : nodes.entrySet()) {
          if (!isolated.contains(e.getKey())) {
            e.getValue().tick();
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
    Ready rd = n.ready();
    assertThat(n.status().role()).isEqualTo(StateRole.LEADER);
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
}
