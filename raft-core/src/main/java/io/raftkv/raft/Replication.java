package io.raftkv.raft;

import io.raftkv.raft.log.CompactedException;
import io.raftkv.raft.log.SnapshotUnavailableException;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.InstallSnapshotResponse;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.raft.proto.TimeoutNow;
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.tracker.Progress;
import io.raftkv.raft.tracker.ProgressState;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's side of log replication (§5.3), commitment (§5.4.2), snapshots (§7), heartbeats and
 * CheckQuorum (§6.2, thesis §4.2.3) and leadership transfer (thesis §3.10).
 *
 * <p>Flow control follows etcd: a peer in PROBE gets one AppendEntries per heartbeat interval until one
 * matches; in REPLICATE AppendEntries are pipelined up to the inflights window; in SNAPSHOT one chunk of
 * the snapshot is outstanding at a time. Proposals are appended to the leader's log at once but sent
 * when the next Ready is built ({@link #flush()}), so many proposals between two Readies reach each
 * follower as one AppendEntries.
 *
 * <p>Owns no state: per-peer progress belongs to {@link io.raftkv.raft.tracker.ProgressTracker}, the
 * heartbeat timer, transfer target and committedInTerm to the {@link Leader} role, the CheckQuorum timer
 * to {@link ServerState}, the pending broadcast to {@link ReadyBuilder}; it changes them through their
 * methods.
 */
final class Replication {

  private final RaftNode n;

  Replication(RaftNode n) {
    this.n = n;
  }

  void tickLeader(Leader l) {
    if (n.state.tickLeaderTimer()) {
      if (n.config.checkQuorum()) {
        if (!n.tracker.quorumActive(n.id)) {
          // §6.2/thesis §4.2.3: a leader that cannot reach a quorum steps down, so clients look elsewhere.
          n.becomeFollower(n.state.currentTerm(), null, RaftEvent.StepDownCause.CHECK_QUORUM);
          return;
        }
        for (Map.Entry<String, Progress> e : n.tracker.progress().entrySet()) {
          if (!e.getKey().equals(n.id)) {
            e.getValue().setRecentActive(false);
          }
        }
      }
      if (l.leadTransferee() != null) {
        l.setLeadTransferee(null); // the transfer did not finish within an election timeout: give up
      }
    }
    if (l.tickHeartbeat(n.config.heartbeatTick())) {
      broadcastHeartbeat();
    }
  }

  /** Sends what the batched work of this Ready needs: appends after proposals/commits, a read round. */
  void flush() {
    boolean broadcast = n.nextReady.takeBroadcast();
    if (!n.state.isLeader()) {
      return;
    }
    if (broadcast) {
      for (Map.Entry<String, Progress> e : n.tracker.progress().entrySet()) {
        if (!e.getKey().equals(n.id)) {
          maybeSendAppend(e.getKey(), e.getValue(), true);
        }
      }
    }
    if (n.readOnly.needsRound()) {
      broadcastHeartbeat();
    }
  }

  /** §5.3: on election, nextIndex = lastIndex + 1 and matchIndex = 0 for every peer. */
  void resetProgress(long lastIndex) {
    for (Map.Entry<String, Progress> e : n.tracker.progress().entrySet()) {
      Progress p = e.getValue();
      if (e.getKey().equals(n.id)) {
        p.resetForNewTerm(n.log.stableLastIndex(), lastIndex + 1);
        p.setRecentActive(true);
      } else {
        p.resetForNewTerm(0, lastIndex + 1);
      }
    }
  }

  void broadcastHeartbeat() {
    long round = n.readOnly.newRound(n.now());
    for (Map.Entry<String, Progress> e : n.tracker.progress().entrySet()) {
      if (!e.getKey().equals(n.id)) {
        sendHeartbeat(e.getKey(), e.getValue(), round);
      }
    }
    if (!n.readOnly.hasPending()) {
      return;
    }
    // A single voter confirms its own rounds.
    n.leaderReads.releaseConfirmed();
  }

  private void sendHeartbeat(String to, Progress pr, long round) {
    // Never tell a follower a commitIndex beyond what it is known to hold.
    long commit = Math.min(pr.matchIndex(), n.log.committed());
    n.send(new Heartbeat(n.id, to, n.state.currentTerm(), commit, round));
  }

  /**
   * Sends {@code to} the entries from its nextIndex (or a snapshot when they are compacted). With
   * {@code sendIfEmpty} an empty AppendEntries still carries the commitIndex.
   *
   * @return whether a message was sent
   */
  boolean maybeSendAppend(String to, Progress pr, boolean sendIfEmpty) {
    if (pr.isPaused()) {
      return false;
    }
    long prevIndex = pr.nextIndex() - 1;
    long prevTerm;
    List<Entry> ents;
    try {
      prevTerm = n.log.term(prevIndex);
      ents = n.log.entriesFrom(pr.nextIndex(), n.config.maxSizePerMsg());
    } catch (CompactedException e) {
      startSnapshot(to, pr);
      return false;
    }
    if (ents.isEmpty() && !sendIfEmpty) {
      return false;
    }
    n.send(new AppendEntries(n.id, to, n.state.currentTerm(), prevIndex, prevTerm, ents, n.log.committed()));
    pr.sentEntries(prevIndex + ents.size(), ents.size());
    return true;
  }

  private void startSnapshot(String to, Progress pr) {
    if (!pr.recentActive()) {
      return; // don't stream a snapshot to a peer that may be down; its next response resumes this
    }
    SnapshotMetadata s = n.log.storage().snapshotMetadata();
    if (s.isEmpty()) {
      throw new IllegalStateException("entries needed by " + to + " are compacted but storage has no snapshot");
    }
    pr.becomeSnapshot(s.index());
    sendSnapshotChunk(to, pr);
  }

  /** Sends the next chunk (§7, Figure 13) of the current snapshot; restarts at 0 if it was replaced. */
  private void sendSnapshotChunk(String to, Progress pr) {
    if (pr.snapshotChunkInFlight()) {
      return;
    }
    SnapshotMetadata s = n.log.storage().snapshotMetadata();
    if (s.index() != pr.pendingSnapshot()) {
      pr.restartSnapshot(s.index());
    }
    byte[] data;
    try {
      data = n.log.storage().snapshotChunk(s.index(), pr.snapshotOffset(), n.config.maxSnapshotChunkBytes());
    } catch (SnapshotUnavailableException e) {
      s = n.log.storage().snapshotMetadata();
      pr.restartSnapshot(s.index());
      data = n.log.storage().snapshotChunk(s.index(), 0, n.config.maxSnapshotChunkBytes());
    }
    boolean done = pr.snapshotOffset() + data.length >= s.sizeBytes();
    n.send(new InstallSnapshot(n.id, to, n.state.currentTerm(), s, pr.snapshotOffset(), data, done));
    pr.snapshotChunkSent();
  }

  void handleSnapshotResponse(Leader l, InstallSnapshotResponse r) {
    Progress pr = n.tracker.get(r.from());
    if (pr == null) {
      return;
    }
    pr.setRecentActive(true);
    if (pr.state() != ProgressState.SNAPSHOT) {
      return; // stale
    }
    if (r.done()) {
      pr.snapshotDone(r.snapshotIndex());
      if (maybeCommit(l)) {
        n.nextReady.requestBroadcast();
      }
      maybeSendAppend(r.from(), pr, true);
    } else if (r.snapshotIndex() == pr.pendingSnapshot()
        && (r.nextOffset() > pr.snapshotOffset() || !pr.snapshotChunkInFlight())) {
      // NB: the answer to a retransmitted chunk (see handleHeartbeatResponse) must not send another
      // chunk while one is in flight: each duplicate would start a chain of its own, and the chunks in
      // flight (1 MiB each, held by both sides' queues) would grow without bound.
      pr.snapshotAcked(r.nextOffset());
      sendSnapshotChunk(r.from(), pr);
    }
  }

  void handleAppendResponse(Leader l, AppendEntriesResponse r) {
    Progress pr = n.tracker.get(r.from());
    if (pr == null) {
      return;
    }
    pr.setRecentActive(true);
    if (!r.success()) {
      long hint;
      if (r.conflictTerm() == 0) {
        hint = r.conflictIndex();
      } else {
        // §5.3 fast back-off: skip the follower's whole conflicting term, or to our last entry of it.
        long mine = n.log.lastIndexOfTerm(r.rejectedIndex() - 1, r.conflictTerm());
        hint = mine >= 0 ? mine + 1 : r.conflictIndex();
      }
      if (pr.maybeDecrTo(r.rejectedIndex(), hint)) {
        if (pr.state() == ProgressState.REPLICATE) {
          pr.becomeProbe();
        }
        maybeSendAppend(r.from(), pr, true);
      }
      return;
    }
    boolean wasPaused = pr.isPaused();
    boolean updated = pr.maybeUpdate(r.matchIndex());
    // etcd: a probe accepted exactly at matchIndex also proves where the follower is.
    boolean probeMatched = pr.state() == ProgressState.PROBE && pr.matchIndex() == r.matchIndex();
    if (!updated && !probeMatched) {
      if (pr.state() == ProgressState.REPLICATE) {
        pr.inflights().freeLE(r.matchIndex());
      }
      return;
    }
    switch (pr.state()) {
      case PROBE -> pr.becomeReplicate();
      case SNAPSHOT -> {
        if (pr.matchIndex() + 1 >= n.log.firstIndex()) {
          pr.snapshotDone(pr.matchIndex());
          pr.becomeReplicate();
        }
      }
      default -> pr.inflights().freeLE(r.matchIndex());
    }
    if (updated && maybeCommit(l)) {
      n.nextReady.requestBroadcast();
    } else if (wasPaused) {
      maybeSendAppend(r.from(), pr, false);
    }
    while (maybeSendAppend(r.from(), pr, false)) {
      // fill the pipeline window
    }
    if (r.from().equals(l.leadTransferee()) && pr.matchIndex() == n.log.lastIndex()) {
      sendTimeoutNow(r.from());
    }
  }

  void handleHeartbeatResponse(Leader l, HeartbeatResponse r) {
    Progress pr = n.tracker.get(r.from());
    if (pr == null) {
      return;
    }
    pr.setRecentActive(true);
    pr.unpause();
    pr.ackRound(r.readContext());
    if (pr.state() == ProgressState.SNAPSHOT) {
      sendSnapshotChunk(r.from(), pr); // retransmit a chunk that may have been lost
    } else if (pr.matchIndex() < n.log.lastIndex()) {
      if (pr.state() == ProgressState.REPLICATE && pr.inflights().full()) {
        pr.inflights().freeFirstOne(); // etcd: let one message through so a lost append is noticed
      }
      maybeSendAppend(r.from(), pr, true);
    }
    if (n.readOnly.hasPending()) {
      n.leaderReads.releaseConfirmed();
    }
  }

  /**
   * Commit rule (§5.4.2, Figure 8): advance commitIndex to the highest index a quorum (both halves
   * when joint, §4.3) holds durably, but only if that entry is of the current term.
   */
  boolean maybeCommit(Leader l) {
    long term = n.state.currentTerm();
    if (!n.config.safetyRules().commit(n.log, n.tracker.committed(), term)) {
      return false;
    }
    if (!l.committedInTerm() && n.log.termOrZero(n.log.committed()) == term) {
      l.markCommittedInTerm();
      n.leaderReads.onCommittedInTerm(l);
    }
    return true;
  }

  /** The leader's own entries became durable (advance): count itself, possibly committing. */
  void selfAck(Leader l) {
    Progress self = n.tracker.get(n.id);
    if (self != null && self.maybeUpdate(n.log.stableLastIndex()) && maybeCommit(l)) {
      n.nextReady.requestBroadcast();
    }
  }

  void transferLeadership(Leader l, String transferee) {
    Progress pr = n.tracker.get(transferee);
    if (pr == null || !n.tracker.config().isVoter(transferee)) {
      throw new IllegalArgumentException("cannot transfer leadership to " + transferee + ": not a voter");
    }
    if (transferee.equals(n.id)) {
      l.setLeadTransferee(null); // already leader: cancels any transfer in progress
      return;
    }
    if (transferee.equals(l.leadTransferee())) {
      return;
    }
    l.setLeadTransferee(transferee);
    n.state.resetElectionTimer(); // the transfer is abandoned after one election timeout (tickLeader)
    if (pr.matchIndex() == n.log.lastIndex()) {
      sendTimeoutNow(transferee);
    } else {
      maybeSendAppend(transferee, pr, true);
    }
  }

  private void sendTimeoutNow(String to) {
    n.readOnly.revokeLease();
    n.send(new TimeoutNow(n.id, to, n.state.currentTerm()));
  }

  /** What {@link Status#progress()} shows: every member's progress at the leader {@code l}; empty elsewhere. */
  Map<String, PeerStatus> peerStatus(Leader l) {
    Map<String, PeerStatus> prs = new TreeMap<>();
    if (l != null) {
      for (Map.Entry<String, Progress> e : n.tracker.progress().entrySet()) {
        Progress p = e.getValue();
        prs.put(e.getKey(), new PeerStatus(e.getKey(), n.tracker.config().isVoter(e.getKey()), p.matchIndex(),
            p.nextIndex(), p.state().name().toLowerCase(Locale.ROOT), p.recentActive()));
      }
    }
    return Collections.unmodifiableMap(prs);
  }

  /** Messages to {@code peer} could not be delivered: stop pipelining to it and probe. */
  void reportUnreachable(String peer) {
    Progress pr = n.tracker.get(peer);
    if (pr != null && pr.state() == ProgressState.REPLICATE) {
      pr.becomeProbe();
    }
  }
}
