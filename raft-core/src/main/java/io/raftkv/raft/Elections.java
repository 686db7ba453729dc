package io.raftkv.raft;

import io.raftkv.raft.confchange.ConfChanger;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.RequestVoteResponse;
import io.raftkv.raft.quorum.VoteResult;
import io.raftkv.raft.role.Candidate;
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.role.PreCandidate;
import java.util.List;

/**
 * Leader election (§5.2, §5.4.1) with the thesis' pre-vote (§9.6) and leadership transfer (§3.10), and
 * the term check every message passes first (§5.1). Owns no state: it moves the node through
 * {@link ServerState}'s transitions and asks {@link SafetyRules} whether to grant a vote.
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

  /**
   * §5.1: reconciles our term with {@code m}'s before it is handled. A higher term makes us a follower
   * of it (knowing the sender as leader if it is one), except for pre-votes (thesis §9.6) and for a
   * RequestVote that would disrupt a leader we still hear from (§4.2.3). A lower term is answered so a
   * stale leader or pre-candidate learns ours. Returns whether {@code m} should be handled.
   */
  boolean reconcileTerm(Message m) {
    long currentTerm = n.state.currentTerm();
    if (m.term() > currentTerm) {
      if (m instanceof RequestVote rv) {
        // While we hear from a current leader, a disruptive candidate is ignored, unless the leader
        // itself asked for the election (thesis §3.10).
        boolean inLease = n.config.checkQuorum() && n.state.heardFromLeaderWithin(n.config.electionTick());
        if (inLease && !rv.leadershipTransfer()) {
          return false;
        }
      }
      if (m instanceof RequestVote rv && rv.preVote()) {
        // §9.6: a pre-vote does not change our term.
      } else if (m instanceof RequestVoteResponse r && r.preVote() && r.voteGranted()) {
        // Granted pre-votes echo the future term; the pre-candidate counts them.
      } else if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
        n.becomeFollower(m.term(), m.from(), stepDownCause(m));
      } else {
        n.becomeFollower(m.term(), null, stepDownCause(m));
      }
    } else if (m.term() < currentTerm) {
      boolean fromLeader = m instanceof AppendEntries || m instanceof Heartbeat;
      if ((n.config.checkQuorum() || n.config.preVote()) && fromLeader) {
        // A leader cut off from us (and never deposed because we used pre-vote/lease) learns our term.
        n.send(new AppendEntriesResponse(n.id, m.from(), currentTerm, false, 0, 0, 0, 0));
      } else if (m instanceof RequestVote rv && rv.preVote()) {
        n.send(new RequestVoteResponse(n.id, m.from(), currentTerm, false, true));
      }
      return false;
    }
    return true;
  }

  /**
   * Why a leader would step down for {@code m} of a higher term: its transferee taking over (its
   * RequestVote, or its first message as the new leader), or any other higher term.
   */
  private RaftEvent.StepDownCause stepDownCause(Message m) {
    Leader l = n.state.leader();
    boolean transferee = l != null && m.from().equals(l.leadTransferee());
    return transferee || (m instanceof RequestVote rv && rv.leadershipTransfer())
        ? RaftEvent.StepDownCause.TRANSFER : RaftEvent.StepDownCause.HIGHER_TERM;
  }

  /** The election timeout fired (or campaign()/TimeoutNow): start a (pre-)election. */
  void hup(boolean transfer) {
    if (n.state.isLeader() || !promotable()) {
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

  /** Whether this node may campaign: a voter with no incoming snapshot pending. */
  private boolean promotable() {
    return n.tracker.config().isVoter(n.id) && n.log.unstable().snapshot() == null;
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
    PreCandidate pc = n.state.becomePreCandidate();
    n.events.add(new RaftEvent.ElectionStarted(n.state.currentTerm() + 1, RaftEvent.ElectionCause.PRE_VOTE));
    if (pc.votes().record(n.id, true, n.tracker.config().voters()) == VoteResult.WON) {
      campaign(false);
      return;
    }
    sendRequests(n.state.currentTerm() + 1, true, false);
  }

  private void campaign(boolean transfer) {
    Candidate c = n.state.becomeCandidate(n.id, transfer);
    n.events.add(new RaftEvent.ElectionStarted(n.state.currentTerm(),
        transfer ? RaftEvent.ElectionCause.TRANSFER : RaftEvent.ElectionCause.TIMEOUT));
    if (c.votes().record(n.id, true, n.tracker.config().voters()) == VoteResult.WON) {
      becomeLeader();
      return;
    }
    sendRequests(n.state.currentTerm(), false, transfer);
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
    SafetyRules rules = n.config.safetyRules();
    ServerState s = n.state;
    if (rules.mayVote(rv, s.votedFor(), s.leaderId(), s.currentTerm()) && rules.candidateUpToDate(rv, n.log)) {
      // The vote reply goes out only after votedFor is durable (ReadyBuilder: not leader traffic).
      n.send(new RequestVoteResponse(n.id, rv.from(), rv.term(), true, rv.preVote()));
      if (!rv.preVote()) {
        s.grantVote(rv.from());
        n.events.add(new RaftEvent.VoteGranted(rv.term(), rv.from()));
      }
    } else {
      n.send(new RequestVoteResponse(n.id, rv.from(), s.currentTerm(), false, rv.preVote()));
    }
  }

  void handleVoteResponse(RequestVoteResponse r) {
    if (n.state.role() instanceof PreCandidate pc && r.preVote()) {
      VoteResult res = pc.votes().record(r.from(), r.voteGranted(), n.tracker.config().voters());
      if (res == VoteResult.WON) {
        campaign(false);
      } else if (res == VoteResult.LOST) {
        n.becomeFollower(n.state.currentTerm(), null, null);
      }
    } else if (n.state.role() instanceof Candidate c && !r.preVote()) {
      VoteResult res = c.votes().record(r.from(), r.voteGranted(), n.tracker.config().voters());
      if (res == VoteResult.WON) {
        becomeLeader();
      } else if (res == VoteResult.LOST) {
        n.becomeFollower(n.state.currentTerm(), null, null);
      }
    }
  }

  /**
   * Won the election: reset every peer's progress (§5.3: nextIndex = lastIndex + 1) and append a no-op
   * at once, so entries of earlier terms commit through it (§5.4.2, §8).
   */
  void becomeLeader() {
    long lastIndex = n.log.lastIndex();
    Leader l = n.state.becomeLeader(n.id, lastIndex);
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
