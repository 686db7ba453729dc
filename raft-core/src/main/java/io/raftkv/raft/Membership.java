package io.raftkv.raft;

import io.raftkv.raft.confchange.ConfChanger;
import io.raftkv.raft.confchange.InvalidConfChangeException;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.tracker.TrackerConfig;
import java.util.List;

/**
 * Applies membership (thesis §4.3): a CONF_CHANGE entry takes effect when its committed entry is handed
 * to the caller in {@link Ready#committedEntries()}; at start the node replays those up to commitIndex
 * after the snapshot's membership. An invalid change (only possible if a leader admitted it against a
 * different membership) is skipped identically on every node, as a no-op. Owns the index of the last
 * applied change; the membership itself is {@link io.raftkv.raft.tracker.ProgressTracker}'s.
 */
final class Membership {

  private final RaftNode n;
  /**
   * Invariant: the highest index whose conf change was applied; each change is applied exactly once per
   * process lifetime.
   */
  private long confAppliedIndex;

  Membership(RaftNode n) {
    this.n = n;
  }

  /** Installs the membership described by {@code cs} (storage at start, or an installed snapshot). */
  void restore(ConfState cs) {
    restore(cs, 0);
  }

  void restore(ConfState cs, long atIndex) {
    ConfChanger.Result r = ConfChanger.restore(cs, n.log.lastIndex(), n.tracker.maxInflight());
    n.tracker.apply(r.config(), r.progress());
    confAppliedIndex = Math.max(confAppliedIndex, atIndex);
    n.nextReady.markConfChanged();
  }

  /** At start: apply every committed conf change after the snapshot (they are already decided). */
  void replayCommitted() {
    long lo = n.log.firstIndex();
    long hi = n.log.committed() + 1;
    while (lo < hi) {
      List<Entry> ents = n.log.slice(lo, hi, 1 << 22);
      for (Entry e : ents) {
        if (e.type() == EntryType.CONF_CHANGE) {
          applyChange(e);
        }
      }
      lo += ents.size();
    }
    confAppliedIndex = n.log.committed();
  }

  /**
   * Hands the next committed entries to the caller, applying conf changes among them; at the leader,
   * releases their uncommitted budget and proposes leaving an auto-leave joint configuration.
   */
  List<Entry> takeCommittedEntries() {
    long maxBytes = Math.max(n.config.maxSizePerMsg() * 4, 4L << 20);
    List<Entry> ents = n.log.takeNextCommittedEntries(maxBytes, n.config.maxUnappliedBytes());
    long released = 0;
    for (Entry e : ents) {
      released += e.data().length;
      if (e.type() == EntryType.CONF_CHANGE && e.index() > confAppliedIndex) {
        if (applyChange(e)) {
          n.events.add(new RaftEvent.ConfApplied(e.index(), n.tracker.config().toConfState()));
        }
        confAppliedIndex = e.index();
        afterChangeAtLeader();
      }
    }
    Leader l = n.state.leader();
    if (l != null) {
      l.release(released);
      TrackerConfig cfg = n.tracker.config();
      if (cfg.autoLeave() && cfg.isJoint() && l.pendingConfIndex() <= n.log.applying()) {
        // etcd: with autoLeave the leader leaves the joint configuration by itself once it applied it.
        n.proposals.appendInternal(l, new Entry(0, 0, EntryType.CONF_CHANGE, ConfChange.leaveJoint().toBytes()));
      }
    }
    return ents;
  }

  /** Applies the change in {@code e}; returns false if it was skipped (malformed or invalid). */
  private boolean applyChange(Entry e) {
    ConfChange cc;
    try {
      cc = ConfChange.fromBytes(e.data());
    } catch (IllegalArgumentException ex) {
      return false;
    }
    try {
      ConfChanger.Result r =
          new ConfChanger(n.tracker.config(), n.tracker.progress(), n.log.lastIndex(), n.tracker.maxInflight())
              .apply(cc);
      n.tracker.apply(r.config(), r.progress());
      n.nextReady.markConfChanged();
      return true;
    } catch (InvalidConfChangeException ex) {
      return false; // skipped deterministically everywhere
    }
  }

  private void afterChangeAtLeader() {
    Leader l = n.state.leader();
    if (l == null) {
      return;
    }
    if (!n.tracker.config().isVoter(n.id)) {
      // Thesis §4.2.2: a leader removed from the configuration steps down once the change commits.
      n.becomeFollower(n.state.currentTerm(), null, RaftEvent.StepDownCause.REMOVED);
      return;
    }
    if (l.leadTransferee() != null && !n.tracker.config().isVoter(l.leadTransferee())) {
      l.setLeadTransferee(null);
    }
    n.replication.maybeCommit(l);
    n.nextReady.requestBroadcast(); // new members need appends; a smaller quorum may have committed more
  }
}
