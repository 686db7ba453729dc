package io.raftkv.raft;

import io.raftkv.raft.role.Candidate;
import io.raftkv.raft.tracker.Progress;
import java.util.Map;

/**
 * The node-local invariants of {@link RaftNode}'s class Javadoc as executable checks (LogCabin's
 * RaftConsensusInvariants). Cheap enough for tests to run after every input; production never calls it.
 */
final class Invariants {

  private Invariants() {}

  static void check(RaftNode n) {
    ServerState s = n.state;
    require(s.role().term() == s.currentTerm(), "role term " + s.role().term() + " != currentTerm " + s.currentTerm());
    long applied = n.log.applied();
    long applying = n.log.applying();
    long committed = n.log.committed();
    long last = n.log.lastIndex();
    require(applied <= applying && applying <= committed && committed <= last,
        "need applied <= applying <= commitIndex <= lastIndex, got " + applied + ", " + applying + ", "
            + committed + ", " + last);
    int timeout = s.randomizedElectionTimeout();
    require(timeout >= n.config.electionTick() && timeout < 2 * n.config.electionTick(),
        "randomized election timeout " + timeout + " out of [T, 2T)");
    if (s.role() instanceof Candidate || s.isLeader()) {
      require(n.id.equals(s.votedFor()), s.role() + " must have voted for itself, votedFor=" + s.votedFor());
    }
    if (s.isLeader()) {
      for (Map.Entry<String, Progress> e : n.tracker.progress().entrySet()) {
        Progress p = e.getValue();
        require(p.matchIndex() >= 0 && p.matchIndex() < p.nextIndex(),
            "progress of " + e.getKey() + " breaks 0 <= matchIndex < nextIndex: " + p);
        require(p.matchIndex() <= last, "matchIndex of " + e.getKey() + " beyond the leader's lastIndex: " + p);
      }
      Progress self = n.tracker.get(n.id);
      if (self != null) {
        require(self.matchIndex() <= n.log.stableLastIndex() || n.log.unstable().snapshot() != null,
            "the leader counts entries it has not reported durable: " + self);
      }
    }
    require(s.isLeader() || !n.nextReady.broadcastPending(), "a " + s.role() + " owes its peers a broadcast");
    require(n.tracker.progress().keySet().equals(n.tracker.config().members()),
        "progress " + n.tracker.progress().keySet() + " != members " + n.tracker.config().members());
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("invariant violated: " + what);
    }
  }
}
