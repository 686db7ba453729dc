package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.sim.SimOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MIT 6.5840 lab 3C (persistence, Figure 8, unreliable networks, churn) on the simulator. */
class PersistLabTest {

  @Test
  void persist1() {
    Lab lab = new Lab(SimOptions.nodes(3), 20, "PersistLabTest#persist1");
    lab.one(3, true);
    // Crash and restart all: they keep what they persisted.
    for (int i = 0; i < 3; i++) {
      lab.crash(i);
    }
    for (int i = 0; i < 3; i++) {
      lab.restart(i);
    }
    lab.one(3, true);
    int leader1 = lab.checkOneLeader();
    lab.crash(leader1);
    lab.restart(leader1);
    lab.one(3, true);
    int leader2 = lab.checkOneLeader();
    lab.crash(leader2);
    lab.one(2, true);
    lab.restart(leader2);
    long index = lab.one(3, true);
    int leader3 = lab.checkOneLeader();
    int i3 = (leader3 + 1) % 3;
    lab.crash(i3);
    lab.one(2, true);
    lab.restart(i3);
    lab.one(3, true);
    assertThat(lab.node(i3).lastApplied()).isGreaterThan(index);
  }

  @Test
  void persist2() {
    Lab lab = new Lab(SimOptions.nodes(5), 21, "PersistLabTest#persist2");
    for (int iter = 0; iter < 5; iter++) {
      lab.one(5, true);
      int leader1 = lab.checkOneLeader();
      lab.crash((leader1 + 1) % 5);
      lab.crash((leader1 + 2) % 5);
      lab.one(3, true);
      lab.crash(leader1);
      lab.crash((leader1 + 3) % 5);
      lab.crash((leader1 + 4) % 5);
      lab.restart((leader1 + 1) % 5);
      lab.restart((leader1 + 2) % 5);
      lab.sleep(lab.electionMs());
      lab.restart((leader1 + 3) % 5);
      // Two of these three missed the last command: the third's log must win the election.
      lab.one(3, true);
      lab.restart((leader1 + 4) % 5);
      lab.restart(leader1);
    }
    lab.one(5, true);
  }

  @Test
  void persist3() {
    Lab lab = new Lab(SimOptions.nodes(3), 22, "PersistLabTest#persist3");
    lab.one(3, true);
    int leader = lab.checkOneLeader();
    lab.crash((leader + 2) % 3);
    lab.one(2, true);
    lab.crash(leader);
    lab.crash((leader + 1) % 3);
    lab.restart((leader + 2) % 3);
    lab.restart(leader);
    lab.one(2, true);
    lab.restart((leader + 1) % 3);
    lab.one(3, true);
  }

  /** Figure 8 of the paper: leaders crash right after appending; only current-term entries commit by count. */
  @Test
  void figure8() {
    figure8(false, 23, "PersistLabTest#figure8");
  }

  @Test
  void figure8Unreliable() {
    figure8(true, 24, "PersistLabTest#figure8Unreliable");
  }

  private static void figure8(boolean unreliable, long seed, String name) {
    Lab lab = new Lab(SimOptions.nodes(5), seed, name);
    SplittableRandom r = new SplittableRandom(seed);
    lab.one(1, true);
    if (unreliable) {
      lab.cluster.setUnreliable(true);
    }
    int nup = 5;
    int leadersKilled = 0;
    long term0 = lab.cluster.maxTerm();
    boolean[] up = {true, true, true, true, true};
    for (int iter = 0; iter < 1000; iter++) {
      int leader = -1;
      for (int i = 0; i < 5; i++) {
        if (up[i] && lab.start(i) > 0) {
          leader = i;
        }
      }
      // Mostly short pauses, so leaders die with entries replicated to only some followers.
      lab.sleep(r.nextInt(10) == 0 ? r.nextInt((int) lab.electionMs() / 2) : r.nextInt(13));
      if (leader != -1 && (!unreliable || r.nextBoolean())) {
        // Reliable: the leader crashes (loses unpersisted state). Unreliable: it is cut off, as in MIT.
        if (unreliable) {
          lab.disconnect(leader);
        } else {
          lab.crash(leader);
        }
        up[leader] = false;
        nup--;
        leadersKilled++;
      }
      if (nup < 3) {
        int s = r.nextInt(5);
        if (!up[s]) {
          if (unreliable) {
            lab.connect(s);
          } else {
            lab.restart(s);
          }
          up[s] = true;
          nup++;
        }
      }
    }
    for (int i = 0; i < 5; i++) {
      lab.restart(i);
      lab.connect(i);
    }
    lab.cluster.setUnreliable(false);
    lab.one(5, true);
    // Not vacuous: many leaders died mid-replication and many terms passed.
    // (Unreliable: a leader is cut off only half the time, and elections take longer under loss.)
    int expected = unreliable ? 10 : 20;
    assertThat(leadersKilled).as("leaders killed (terms elapsed " + (lab.cluster.maxTerm() - term0) + ")")
        .isGreaterThan(expected);
    assertThat(lab.cluster.maxTerm() - term0).as("terms elapsed").isGreaterThan(expected);
  }

  @Test
  void unreliableAgree() {
    Lab lab = new Lab(SimOptions.nodes(5).unreliable(), 25, "PersistLabTest#unreliableAgree");
    List<Long> commands = new ArrayList<>();
    for (int iter = 1; iter < 50; iter++) {
      for (int j = 0; j < 4; j++) {
        commands.add(lab.cluster.propose(Lab.id((iter + j) % 5), 4, 0));
      }
      lab.one(1, true);
    }
    lab.cluster.setUnreliable(false);
    lab.one(5, true);
    assertThat(lab.cluster.acknowledged()).as("commands acknowledged").isGreaterThan(49);
  }

  @Test
  void reliableChurn() {
    churn(false, 26, "PersistLabTest#reliableChurn");
  }

  @Test
  void unreliableChurn() {
    churn(true, 27, "PersistLabTest#unreliableChurn");
  }

  /** Clients keep proposing everywhere while servers crash, restart, disconnect and reconnect. */
  private static void churn(boolean unreliable, long seed, String name) {
    SimOptions options = SimOptions.nodes(5);
    if (unreliable) {
      options.unreliable();
    }
    Lab lab = new Lab(options, seed, name);
    SplittableRandom r = new SplittableRandom(seed);
    List<Long> proposed = new ArrayList<>();
    for (int iter = 0; iter < 20; iter++) {
      for (int k = 0; k < 10; k++) {
        long c = lab.cluster.propose(Lab.id(r.nextInt(5)), r.nextInt(8), 0);
        if (c > 0) {
          proposed.add(c);
        }
        lab.sleep(r.nextInt(20));
      }
      int victim = r.nextInt(5);
      switch (r.nextInt(4)) {
        case 0 -> lab.disconnect(victim);
        case 1 -> lab.connect(victim);
        case 2 -> lab.crash(victim);
        default -> lab.restart(victim);
      }
      lab.sleep(r.nextInt(7 * (int) lab.electionMs() / 10));
    }
    lab.sleep(lab.electionMs());
    lab.cluster.setUnreliable(false);
    for (int i = 0; i < 5; i++) {
      lab.restart(i);
      lab.connect(i);
    }
    long last = lab.one(5, true);
    lab.cluster.runUntil(() -> lab.cluster.appliedCount(last) == 5, 10 * lab.electionMs());
    // Every acknowledged command is applied by every server at the index it was acknowledged at.
    long acked = proposed.stream().filter(c -> lab.cluster.ackIndex(c) != null).count();
    assertThat(acked).as("some proposals were acknowledged").isPositive();
    for (long c : proposed) {
      Long index = lab.cluster.ackIndex(c);
      if (index != null) {
        assertThat(lab.cluster.appliedCount(index)).as("servers that applied index " + index).isEqualTo(5);
      }
    }
  }
}
