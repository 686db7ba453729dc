package io.raftkv.raft;

import io.raftkv.raft.proto.ReadIndexResponse;
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.tracker.Progress;

/**
 * The leader's ReadIndex protocol (thesis §6.4), on top of the bookkeeping in {@link ReadOnly}:
 * (1) wait until an entry of the current term has committed, (2) record commitIndex as the read index,
 * (3) confirm leadership by a heartbeat round acknowledged by a quorum (or by the lease with
 * {@link ReadOnlyOption#LEASE_BASED}), (4) hand the read index to the requester. Owns no state: the
 * pending reads and rounds are {@link ReadOnly}'s, confirmed local reads go to {@link ReadyBuilder}.
 */
final class LeaderReads {

  private final RaftNode n;

  LeaderReads(RaftNode n) {
    this.n = n;
  }

  /** A read from {@code from} (null: local). */
  void readIndex(Leader l, String from, long requestId) {
    if (!l.committedInTerm()) {
      n.readOnly.awaitCommit(from, requestId);
      return;
    }
    serve(from, requestId);
  }

  private void serve(String from, long requestId) {
    long index = n.log.committed();
    if (n.tracker.isSingleton() && n.tracker.config().isVoter(n.id)) {
      release(from, requestId, index);
    } else if (n.config.readOnlyOption() == ReadOnlyOption.LEASE_BASED
        && n.readOnly.leaseValid(quorumRound(), n.now(), n.config.leaseTicks())) {
      release(from, requestId, index);
    } else {
      n.readOnly.add(from, requestId, index); // the next Ready broadcasts the confirming round
    }
  }

  /** The first entry of this term committed: serve the reads that waited for it. */
  void onCommittedInTerm(Leader l) {
    for (ReadOnly.PendingRead r : n.readOnly.drainAwaitingCommit()) {
      serve(r.from(), r.requestId());
    }
  }

  /** Releases every read whose round a quorum acknowledged. */
  void releaseConfirmed() {
    long confirmed = quorumRound();
    ReadOnly.PendingRead r;
    while ((r = n.readOnly.pollConfirmed(confirmed)) != null) {
      release(r.from(), r.requestId(), r.index());
    }
  }

  /** The newest heartbeat round acknowledged by a quorum (the leader acknowledges its own rounds). */
  private long quorumRound() {
    long latest = n.readOnly.latestRound();
    return n.tracker.config().voters().committedIndex(id -> {
      if (id.equals(n.id)) {
        return latest;
      }
      Progress p = n.tracker.get(id);
      return p == null ? 0 : p.ackedRound();
    });
  }

  private void release(String from, long requestId, long index) {
    if (from == null) {
      n.nextReady.addReadState(new ReadState(requestId, index));
    } else {
      n.send(new ReadIndexResponse(n.id, from, n.state.currentTerm(), requestId, index, false));
    }
  }
}
