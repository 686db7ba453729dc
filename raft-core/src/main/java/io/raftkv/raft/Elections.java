package io.raftkv.raft;

import io.raftkv.raft.confchange.ConfChanger;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.RequestVoteResponse;
import io.raftkv.raft.quorum.VoteResult;
import io.raftkv.raft.role.Candidate;
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.role.PreCandidate;
import java.util.List;

/**
 * Leader election (§5.2, §5.4.1) with the thesis' pre-vote (§9.6) and leadership transfer (§3.10).
 *
 * <p>A candidate's own vote and term are in the HardState of the Ready that carries its RequestVotes,
 * and those leave only after that Ready is persisted (they are never leader traffic), so a restarted
 * node can never vote twice in a term.
 */
final class Elections {

  private final RaftNode n;

  Elections(RaftNode n) {
    this.n = n;
  }

  /** The election timeout fired (or campaign()/TimeoutNow): start a (pre-)election. */
  void hup(boolean transfer) {
    if (n.role instanceof Leader || !n.promotable()) {
      return;
    }
    // etcd: a node that has not applied a committed conf change may not know the membership it would lead.
    if (hasUnappliedConfChanges()) {
      return;
    }
    if (n.config.preVote() && !transfer) {
      campaignPre();
    } else {
      campaign(transfer);
    }
  }

  private boolean hasUnappliedConfChanges() {
    long lo = n.log.applying() + 1;
    long hi = n.log.committed() + 1;
    while (lo < hi) {
      List<Entry> ents = n.log.slice(lo, hi, 1 << 20);
      for (Entry e : ents) {
        if (e.type() == EntryType.CONF_CHANGE) {
          return true;
        }
      }
      lo += ents.size();
    }
    return false;
  }

  private void campaignPre() {
    PreCandidate pc = new PreCandidate(n.currentTerm);
    n.become(pc);
    if (pc.votes().record(n.id, true, n.tracker.config().voters()) == VoteResult.WON) {
      campaign(false);
      return;
    }
    sendRequests(n.currentTerm + 1, true, false);
  }

  private void campaign(boolean transfer) {
    Candidate c = new Candidate(n.currentTerm + 1, transfer);
    n.become(c);
    n.votedFor = n.id;
    if (c.votes().record(n.id, true, n.tracker.config().voters()) == VoteResult.WON) {
      becomeLeader();
      return;
    }
    sendRequests(n.currentTerm, false, transfer);
  }

  private void sendRequests(long term, boolean preVote, boolean transfer) {
    long lastIndex = n.log.lastIndex();
    long lastTerm = n.log.lastTerm();
    for (String voter : n.tracker.config().voters().ids()) {
      if (!voter.equals(n.id)) {
        n.send(new RequestVote(n.id, voter, term, lastIndex, lastTerm, preVote, transfer));
      }
    }
  }

  /** RequestVote receiver (§5.2, §5.4.1); the request's term is already reconciled with ours. */
  void handleRequestVote(RequestVote rv) {
    boolean canVote = rv.from().equals(n.votedFor)
        || (n.votedFor == null && n.role.leaderId() == null)
        || (rv.preVote() && rv.term() > n.currentTerm);
    if (n.injected(InjectedBug.GRANT_TWO_VOTES_PER_TERM)) {
      canVote = true;
    }
    boolean upToDate = n.log.isUpToDate(rv.lastLogIndex(), rv.lastLogTerm());
    if (n.injected(InjectedBug.SKIP_LOG_UP_TO_DATE_CHECK)) {
      upToDate = true;
    }
    if (canVote && upToDate) {
      // The vote reply goes out only after votedFor is durable (Outbox: not leader traffic).
      n.send(new RequestVoteResponse(n.id, rv.from(), rv.term(), true, rv.preVote()));
      if (!rv.preVote()) {
        n.electionElapsed = 0;
        n.votedFor = rv.from();
      }
    } else {
      n.send(new RequestVoteResponse(n.id, rv.from(), n.currentTerm, false, rv.preVote()));
    }
  }

  void handleVoteResponse(RequestVoteResponse r) {
    if (n.role instanceof PreCandidate pc && r.preVote()) {
      VoteResult res = pc.votes().record(r.from(), r.voteGranted(), n.tracker.config().voters());
      if (res == VoteResult.WON) {
        campaign(false);
      } else if (res == VoteResult.LOST) {
        n.becomeFollower(n.currentTerm, null);
      }
    } else if (n.role instanceof Candidate c && !r.preVote()) {
      VoteResult res = c.votes().record(r.from(), r.voteGranted(), n.tracker.config().voters());
      if (res == VoteResult.WON) {
        becomeLeader();
      } else if (res == VoteResult.LOST) {
        n.becomeFollower(n.currentTerm, null);
      }
    }
  }

  /**
   * Won the election: reset every peer's progress (§5.3: nextIndex = lastIndex + 1) and append a no-op
   * at once, so entries of earlier terms commit through it (§5.4.2, §8).
   */
  void becomeLeader() {
    long lastIndex = n.log.lastIndex();
    Leader l = new Leader(n.currentTerm, n.id, lastIndex);
    n.become(l);
    n.readOnly.resetForTerm();
    n.replication.resetProgress(lastIndex);
    ConfChange founding = n.log.lastIndex() == 0 && n.log.firstIndex() == 1
        ? ConfChanger.bootstrapChange(n.tracker.config()) : null;
    if (founding != null) {
      // First leader of a fresh cluster: index 1 records the founding membership for later joiners.
      n.proposals.appendInternal(l, new Entry(0, 0, EntryType.CONF_CHANGE, founding.toBytes()));
    } else {
      n.proposals.appendInternal(l, Entry.normal(0, 0, null));
    }
  }
}
