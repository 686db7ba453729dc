package io.raftkv.raft;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.InstallSnapshotResponse;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.SnapshotMetadata;

/**
 * The follower's side of replication: AppendEntries (§5.3), heartbeats, and InstallSnapshot chunks (§7,
 * Figure 13). Every answer goes in {@link Ready#messagesAfterPersist()}, so it acknowledges only what
 * is durable.
 *
 * <p>Owns the position of an incoming snapshot. Reception is resumable: {@code receiving} and
 * {@code expectedOffset} name the snapshot being received and the next byte wanted; a chunk at another
 * offset is answered with the offset wanted, and offset 0 of a different snapshot restarts reception.
 */
final class LogReceiver {

  private final RaftNode n;
  /** The snapshot being received, or null. */
  private SnapshotMetadata receiving;
  /** Invariant: bytes [0, expectedOffset) of {@code receiving} were handed out in snapshotChunks. */
  private long expectedOffset;

  LogReceiver(RaftNode n) {
    this.n = n;
  }

  /** A leader's AppendEntries, Heartbeat or InstallSnapshot of our term, its sender already accepted. */
  void handle(Message m) {
    if (m instanceof AppendEntries ae) {
      handleAppendEntries(ae);
    } else if (m instanceof Heartbeat hb) {
      handleHeartbeat(hb);
    } else if (m instanceof InstallSnapshot is) {
      handleInstallSnapshot(is);
    }
  }

  private void handleAppendEntries(AppendEntries ae) {
    validate(ae);
    long committed = n.log.committed();
    if (ae.prevLogIndex() < committed) {
      // Everything up to commitIndex matches the leader (Leader Completeness): tell it where we are.
      n.send(new AppendEntriesResponse(n.id, ae.from(), n.state.currentTerm(), true, committed, 0, 0, 0));
      return;
    }
    long lastNew = n.log.maybeAppend(ae.prevLogIndex(), ae.prevLogTerm(), ae.leaderCommit(), ae.entries());
    if (lastNew >= 0) {
      n.send(new AppendEntriesResponse(n.id, ae.from(), n.state.currentTerm(), true, lastNew, 0, 0, 0));
      return;
    }
    // §5.3 consistency check failed; hint where our log diverges so the leader skips a term at a time.
    long last = n.log.lastIndex();
    long conflictTerm;
    long conflictIndex;
    if (ae.prevLogIndex() > last) {
      conflictTerm = 0;
      conflictIndex = last + 1;
    } else {
      conflictTerm = n.log.termOrZero(ae.prevLogIndex());
      conflictIndex = n.log.firstIndexOfTermAt(ae.prevLogIndex(), committed + 1);
    }
    n.send(new AppendEntriesResponse(
        n.id, ae.from(), n.state.currentTerm(), false, 0, ae.prevLogIndex(), conflictTerm, conflictIndex));
  }

  /** Rejects a malformed AppendEntries before it can touch the log (a bug or corruption at the sender). */
  private static void validate(AppendEntries ae) {
    long prevTerm = ae.prevLogTerm();
    for (int i = 0; i < ae.entries().size(); i++) {
      io.raftkv.raft.proto.Entry e = ae.entries().get(i);
      if (e.index() != ae.prevLogIndex() + 1 + i || e.term() < prevTerm || e.term() > ae.term()) {
        throw new IllegalArgumentException("malformed AppendEntries from " + ae.from() + ": entry " + e
            + " at position " + i + " after " + ae.prevLogIndex() + "@" + ae.prevLogTerm() + " in term " + ae.term());
      }
      prevTerm = e.term();
    }
  }

  private void handleHeartbeat(Heartbeat hb) {
    n.log.commitTo(Math.min(hb.leaderCommit(), n.log.lastIndex()));
    n.send(new HeartbeatResponse(n.id, hb.from(), n.state.currentTerm(), hb.readContext()));
  }

  private void handleInstallSnapshot(InstallSnapshot is) {
    SnapshotMetadata md = is.metadata();
    if (md.index() <= n.log.committed()) {
      // Older than what we already have committed: nothing to install (etcd does the same).
      if (md.equals(receiving)) {
        receiving = null;
      }
      reply(is, md.sizeBytes(), true);
      return;
    }
    if (n.log.unstable().snapshot() != null) {
      // A completed snapshot is not yet durable; starting another would discard it in the caller's
      // storage before it is installed. The leader retries after the next heartbeat.
      reply(is, 0, false);
      return;
    }
    if (is.offset() == 0 && receiving == null && n.log.matchTerm(md.index(), md.term())) {
      // We already hold the snapshot's last entry, hence (Log Matching) every entry before it.
      n.log.commitTo(md.index());
      reply(is, md.sizeBytes(), true);
      return;
    }
    if (!md.equals(receiving)) {
      if (is.offset() != 0) {
        reply(is, 0, false); // we are not receiving this one: start over
        return;
      }
      receiving = md;
      expectedOffset = 0;
    }
    if (is.offset() != expectedOffset) {
      reply(is, expectedOffset, false); // lost or duplicated chunk: resume from what we hold
      return;
    }
    if (is.done() && n.log.matchTerm(md.index(), md.term())) {
      // Entries arrived while the chunks streamed in and the log now holds the snapshot's last entry:
      // as at offset 0, commit instead of restoring. Restoring would drop the core's view of entries that
      // storage (rightly) keeps after a matching snapshot, and the two would disagree on lastIndex.
      receiving = null;
      n.log.commitTo(md.index());
      reply(is, md.sizeBytes(), true);
      return;
    }
    n.nextReady.addSnapshotChunk(new SnapshotChunk(md, is.offset(), is.data(), is.done()));
    expectedOffset += is.data().length;
    if (!is.done()) {
      reply(is, expectedOffset, false);
      return;
    }
    receiving = null;
    // §7: discard the log, take the snapshot's commit point and membership; the caller installs it.
    n.log.restore(md);
    n.membership.restore(md.confState(), md.index());
    reply(is, expectedOffset, true);
  }

  private void reply(InstallSnapshot is, long nextOffset, boolean done) {
    long term = n.state.currentTerm();
    n.send(new InstallSnapshotResponse(n.id, is.from(), term, is.metadata().index(), nextOffset, done));
  }
}
