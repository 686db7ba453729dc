package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.sim.Network;
import io.raftkv.raft.sim.SimOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MIT 6.5840 lab 3B (log replication) on the simulator. */
class AgreementLabTest {

  @Test
  void basicAgree() {
    Lab lab = new Lab(SimOptions.nodes(3), 10, "AgreementLabTest#basicAgree");
    long previous = -1;
    for (int i = 0; i < 3; i++) {
      long index = lab.one(3, false);
      if (previous >= 0) {
        assertThat(index).as("commands land at consecutive indexes").isEqualTo(previous + 1);
      }
      previous = index;
    }
    for (String id : lab.ids()) {
      assertThat(lab.cluster.node(id).lastApplied()).isGreaterThanOrEqualTo(previous);
    }
  }

  @Test
  void rpcBytes() {
    Lab lab = new Lab(SimOptions.nodes(3), 11, "AgreementLabTest#rpcBytes");
    lab.one(3, false);
    Network net = lab.cluster.network();
    long bytes0 = net.bytesSent();
    long sent = 0;
    for (int i = 0; i < 10; i++) {
      lab.one(3, false, 5000);
      sent += 5000;
    }
    long got = net.bytesSent() - bytes0;
    // Each command goes to each of the two followers once, plus bounded header and heartbeat traffic.
    assertThat(got).as("bytes sent for 10 x 5000-byte commands").isGreaterThanOrEqualTo(2 * sent)
        .isLessThanOrEqualTo(2 * sent + 20_000);
  }

  @Test
  void followerFailure() {
    Lab lab = new Lab(SimOptions.nodes(3), 12, "AgreementLabTest#followerFailure");
    lab.one(3, false);
    int leader1 = lab.checkOneLeader();
    lab.disconnect((leader1 + 1) % 3);
    // The leader and the remaining follower can still agree.
    lab.one(2, false);
    lab.sleep(lab.electionMs());
    lab.one(2, false);
    int leader2 = lab.checkOneLeader();
    lab.disconnect((leader2 + 1) % 3);
    lab.disconnect((leader2 + 2) % 3);
    long command = lab.start(leader2);
    assertThat(command).as("leader accepts the command").isPositive();
    lab.sleep(2 * lab.electionMs());
    assertThat(lab.nCommitted(command)).as("committed without a majority").isZero();
  }

  @Test
  void leaderFailure() {
    Lab lab = new Lab(SimOptions.nodes(3), 13, "AgreementLabTest#leaderFailure");
    lab.one(3, false);
    int leader1 = lab.checkOneLeader();
    lab.disconnect(leader1);
    lab.one(2, false);
    lab.sleep(lab.electionMs());
    lab.one(2, false);
    int leader2 = lab.checkOneLeader();
    lab.disconnect(leader2);
    List<Long> commands = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      commands.add(lab.cluster.propose(Lab.id(i), 3, 0));
    }
    lab.sleep(2 * lab.electionMs());
    for (long c : commands) {
      assertThat(lab.nCommitted(c)).as("committed with one of three servers").isZero();
    }
  }

  @Test
  void failAgree() {
    Lab lab = new Lab(SimOptions.nodes(3), 14, "AgreementLabTest#failAgree");
    lab.one(3, false);
    int leader = lab.checkOneLeader();
    lab.disconnect((leader + 1) % 3);
    lab.one(2, false);
    lab.one(2, false);
    lab.sleep(lab.electionMs());
    lab.one(2, false);
    lab.one(2, false);
    // The follower comes back and catches up.
    lab.connect((leader + 1) % 3);
    long index = lab.one(3, true);
    lab.sleep(lab.electionMs());
    lab.one(3, true);
    assertThat(lab.node((leader + 1) % 3).lastApplied()).isGreaterThanOrEqualTo(index);
  }

  @Test
  void failNoAgree() {
    Lab lab = new Lab(SimOptions.nodes(5), 15, "AgreementLabTest#failNoAgree");
    lab.one(5, false);
    int leader = lab.checkOneLeader();
    lab.disconnect((leader + 1) % 5);
    lab.disconnect((leader + 2) % 5);
    lab.disconnect((leader + 3) % 5);
    long command = lab.start(leader);
    assertThat(command).isPositive();
    lab.sleep(2 * lab.electionMs());
    assertThat(lab.nCommitted(command)).as("committed with two of five").isZero();
    lab.connect((leader + 1) % 5);
    lab.connect((leader + 2) % 5);
    lab.connect((leader + 3) % 5);
    int leader2 = lab.checkOneLeader();
    assertThat(lab.start(leader2)).isPositive();
    lab.one(5, true);
  }

  @Test
  void concurrentStarts() {
    Lab lab = new Lab(SimOptions.nodes(3), 16, "AgreementLabTest#concurrentStarts");
    boolean success = false;
    for (int attempt = 0; attempt < 5 && !success; attempt++) {
      int leader = lab.checkOneLeader();
      long term = lab.status(leader).currentTerm();
      List<Long> commands = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        commands.add(lab.start(leader));
      }
      lab.cluster.runUntil(() -> commands.stream().allMatch(c -> c > 0 && lab.nCommitted(c) == 3), 10 * lab.electionMs());
      if (lab.status(leader).currentTerm() != term) {
        continue; // term changed: MIT retries
      }
      for (long c : commands) {
        assertThat(lab.nCommitted(c)).as("command " + c + " committed everywhere").isEqualTo(3);
      }
      success = true;
    }
    assertThat(success).as("term changed too often").isTrue();
  }

  @Test
  void rejoin() {
    Lab lab = new Lab(SimOptions.nodes(3), 17, "AgreementLabTest#rejoin");
    lab.one(3, true);
    int leader1 = lab.checkOneLeader();
    // The leader is partitioned and accepts commands it cannot commit.
    lab.disconnect(leader1);
    lab.start(leader1);
    lab.start(leader1);
    lab.start(leader1);
    // The others elect a new leader and commit.
    lab.one(2, true);
    int leader2 = lab.checkOneLeader();
    lab.disconnect(leader2);
    // The old leader comes back: its uncommitted entries are replaced.
    lab.connect(leader1);
    lab.one(2, true);
    lab.connect(leader2);
    lab.one(3, true);
  }

  @Test
  void backup() {
    Lab lab = new Lab(SimOptions.nodes(5), 18, "AgreementLabTest#backup");
    lab.one(5, true);
    int leader1 = lab.checkOneLeader();
    // Leader and one follower are partitioned: 50 commands that will never commit.
    lab.disconnect((leader1 + 2) % 5);
    lab.disconnect((leader1 + 3) % 5);
    lab.disconnect((leader1 + 4) % 5);
    for (int i = 0; i < 50; i++) {
      lab.start(leader1);
    }
    lab.sleep(lab.electionMs() / 2);
    lab.disconnect(leader1);
    lab.disconnect((leader1 + 1) % 5);
    lab.connect((leader1 + 2) % 5);
    lab.connect((leader1 + 3) % 5);
    lab.connect((leader1 + 4) % 5);
    // The other three commit 50 commands.
    for (int i = 0; i < 50; i++) {
      lab.one(3, true);
    }
    int leader2 = lab.checkOneLeader();
    int other = (leader1 + 2) % 5;
    if (leader2 == other) {
      other = (leader2 + 1) % 5;
    }
    lab.disconnect(other);
    // 50 more that will not commit.
    for (int i = 0; i < 50; i++) {
      lab.start(leader2);
    }
    lab.sleep(lab.electionMs() / 2);
    for (int i = 0; i < 5; i++) {
      lab.disconnect(i);
    }
    long rejections0 = lab.cluster.network().appendRejections();
    lab.connect(leader1);
    lab.connect((leader1 + 1) % 5);
    lab.connect(other);
    // The two lagging servers (with 50 conflicting entries) catch up through the third.
    for (int i = 0; i < 50; i++) {
      lab.one(3, true);
    }
    for (int i = 0; i < 5; i++) {
      lab.connect(i);
    }
    lab.one(5, true);
    long rejections = lab.cluster.network().appendRejections() - rejections0;
    long terms = lab.cluster.maxTerm();
    // Fast back-off skips a conflicting term per round trip, not an entry: O(terms), not O(entries).
    assertThat(rejections).as("append rejections while catching up (terms=" + terms + ")")
        .isLessThanOrEqualTo(4 * terms)
        .as("the two stale servers had conflicting entries to discard").isPositive();
  }

  @Test
  void count() {
    SimOptions options = SimOptions.nodes(3);
    Lab lab = new Lab(options, 19, "AgreementLabTest#count");
    Network net = lab.cluster.network();
    int leader = lab.checkOneLeader();
    long total1 = net.messagesSent();
    assertThat(total1).as("messages for the initial election").isBetween(1L, 30L);

    long before = net.messagesSent();
    long t0 = lab.cluster.now();
    long term = lab.status(leader).currentTerm();
    List<Long> commands = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      commands.add(lab.start(leader));
    }
    lab.cluster.await("10 commands committed", () -> commands.stream().allMatch(c -> lab.nCommitted(c) == 3),
        10 * lab.electionMs());
    assertThat(lab.status(leader).currentTerm()).isEqualTo(term);
    long heartbeatMs = 2 * 10;
    long heartbeats = (lab.cluster.now() - t0) / heartbeatMs + 1;
    long used = net.messagesSent() - before;
    // Each follower gets at most a message (plus its reply) per command or per heartbeat.
    assertThat(used).as("messages for 10 commands").isLessThanOrEqualTo((10 + 1 + 3 + heartbeats) * 2 * 2);

    long idle0 = net.messagesSent();
    lab.sleep(1000);
    long idle = net.messagesSent() - idle0;
    // Idle: only heartbeats and their replies, to each of two followers.
    assertThat(idle).as("messages in 1 s idle").isLessThanOrEqualTo((1000 / heartbeatMs + 1) * 2 * 2);
  }
}
