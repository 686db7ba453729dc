package io.raftkv.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.raft.StateRole;
import io.raftkv.raft.Status;
import io.raftkv.raft.sim.SimCluster;
import io.raftkv.raft.sim.SimNode;
import io.raftkv.raft.sim.SimOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The MIT 6.5840 Raft lab's test harness ({@code config.go}) over the simulator: a "disconnected" server
 * is cut off from all others, a "crashed" one loses everything it did not persist. Servers are numbered
 * 0..n-1 as in the lab and map to node ids n1..nN. Waits are bounded in virtual time, in election timeouts.
 */
final class Lab {

  final SimCluster cluster;
  final int n;
  private final boolean[] connected;
  private final long electionMs;

  /**
   * {@code -Draftkv.sim.seedOffset=K} shifts every scenario's seed by K, to sweep the scenarios over other
   * interleavings; the replay command keeps the offset.
   */
  Lab(SimOptions options, long seed, String testName) {
    long offset = Long.getLong("raftkv.sim.seedOffset", 0);
    options.replayCommand("mvn -o -pl raft-core -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + testName + "'"
        + (offset == 0 ? "" : " -Draftkv.sim.seedOffset=" + offset));
    this.cluster = SimCluster.start(options, seed + offset);
    this.n = options.nodes();
    this.connected = new boolean[n];
    java.util.Arrays.fill(connected, true);
    this.electionMs = options.electionTimeoutMs();
  }

  static String id(int server) {
    return "n" + (server + 1);
  }

  long electionMs() {
    return electionMs;
  }

  void sleep(long ms) {
    cluster.runFor(ms);
  }

  void disconnect(int server) {
    connected[server] = false;
    rewire();
  }

  void connect(int server) {
    connected[server] = true;
    rewire();
  }

  boolean isConnected(int server) {
    return connected[server];
  }

  private void rewire() {
    cluster.heal();
    for (int i = 0; i < n; i++) {
      if (!connected[i]) {
        cluster.isolate(id(i));
      }
    }
  }

  void crash(int server) {
    cluster.crash(id(server));
  }

  void restart(int server) {
    cluster.restart(id(server));
  }

  Status status(int server) {
    return cluster.status(id(server));
  }

  boolean isLeader(int server) {
    Status s = status(server);
    return s != null && s.role() == StateRole.LEADER;
  }

  /** Exactly one connected leader in the highest term, within 10 election timeouts; returns it. */
  int checkOneLeader() {
    int[] leader = {-1};
    cluster.await("one connected leader", () -> {
      leader[0] = connectedLeader();
      return leader[0] >= 0;
    }, 10 * electionMs);
    return leader[0];
  }

  private int connectedLeader() {
    long bestTerm = -1;
    int best = -1;
    int count = 0;
    for (int i = 0; i < n; i++) {
      Status s = status(i);
      if (connected[i] && s != null && s.role() == StateRole.LEADER) {
        if (s.currentTerm() > bestTerm) {
          bestTerm = s.currentTerm();
          best = i;
          count = 1;
        } else if (s.currentTerm() == bestTerm) {
          count++;
        }
      }
    }
    if (count > 1) {
      throw cluster.failure("Election Safety", "two connected leaders in term " + bestTerm, null);
    }
    return best;
  }

  /** No connected server thinks it is leader. */
  void checkNoLeader() {
    for (int i = 0; i < n; i++) {
      if (connected[i] && isLeader(i)) {
        throw cluster.failure("Lab", "expected no leader among connected servers, but " + id(i) + " is", null);
      }
    }
  }

  /** All connected live servers agree on the term; returns it. */
  long checkTerms() {
    long term = -1;
    for (int i = 0; i < n; i++) {
      Status s = status(i);
      if (connected[i] && s != null) {
        if (term == -1) {
          term = s.currentTerm();
        } else {
          assertThat(s.currentTerm()).as("servers disagree on term").isEqualTo(term);
        }
      }
    }
    return term;
  }

  /** MIT's nCommitted: how many servers applied command {@code command} (0 if none). */
  int nCommitted(long command) {
    return command < 0 ? 0 : cluster.commandAppliedCount(command);
  }

  /**
   * MIT's one(): submit a command to a connected leader and wait until {@code expectedServers} applied it;
   * with {@code retry}, submit again (to whichever server now leads) if it was not committed in time.
   * Returns the index the command was applied at.
   */
  long one(int expectedServers, boolean retry) {
    return one(expectedServers, retry, 0);
  }

  long one(int expectedServers, boolean retry, int padding) {
    long deadline = cluster.now() + 100 * electionMs;
    int start = 0;
    while (cluster.now() < deadline) {
      long command = -1;
      List<String> all = cluster.ids();
      for (int k = 0; k < all.size() && command < 0; k++) {
        start = (start + 1) % all.size();
        String candidate = all.get(start);
        int server = Integer.parseInt(candidate.substring(1)) - 1;
        // Nodes added later (beyond the lab's n servers) count as connected.
        boolean reachable = server >= n || connected[server];
        Status s = cluster.status(candidate);
        if (reachable && s != null && s.role() == StateRole.LEADER) {
          command = cluster.propose(candidate, 1, padding);
        }
      }
      if (command >= 0) {
        long c = command;
        if (cluster.runUntil(() -> nCommitted(c) >= expectedServers, 20 * electionMs)) {
          return cluster.appliedIndex(c);
        }
        if (!retry) {
          throw cluster.failure("Lab", "one(" + c + ") failed to reach agreement on " + expectedServers + " servers", null);
        }
      } else {
        sleep(electionMs / 10);
      }
    }
    throw cluster.failure("Lab", "one() failed to reach agreement on " + expectedServers + " servers", null);
  }

  /** Proposes on server {@code server} if it thinks it leads; returns the command id or -1 (MIT's Start). */
  long start(int server) {
    if (!isLeader(server)) {
      return -1;
    }
    return cluster.propose(id(server), 2, 0);
  }

  /** Ids of the servers, for node-level assertions. */
  List<String> ids() {
    return new ArrayList<>(new TreeSet<>(cluster.ids()));
  }

  SimNode node(int server) {
    return cluster.node(id(server));
  }
}
