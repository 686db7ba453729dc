package io.raftkv.raft.sim;

import io.raftkv.raft.PeerStatus;
import io.raftkv.raft.ReadState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.StateRole;
import io.raftkv.raft.Status;
import io.raftkv.raft.log.Storage;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.EntryType;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.InstallSnapshotResponse;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.RequestVoteResponse;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks Raft's safety properties (Figure 3 of the paper) incrementally, after every simulated event, plus
 * the driver-level guarantees the rest of the system relies on. Every check is O(1) per entry or message:
 * logs are compared through chain hashes (see {@link Hashing}).
 *
 * <ul>
 *   <li>Election Safety: at most one leader per term, ever.
 *   <li>Leader Append-Only: while a node stays leader of a term its Readies never rewrite its log.
 *   <li>Log Matching: two logs holding an entry with the same index and term hold the same prefix.
 *   <li>Leader Completeness: a new leader of term T holds every entry known to have been committed in a
 *       term below T when it was elected.
 *   <li>State Machine Safety: no two nodes apply different entries (or prefixes) at one index.
 *   <li>Leader Commit Rule: a leader advances commitIndex only to an entry of its current term (§5.4.2).
 *   <li>Commit Monotonicity: a node's commitIndex never goes back, nor below its durable value at restart.
 *   <li>Persist Before Send: a vote or an append acknowledgement only leaves once what it promises is
 *       durable in the sender's storage.
 *   <li>Acknowledged Write Durability: an index that acknowledged a client's command only ever applies it.
 *   <li>ReadIndex Linearizability: a confirmed read's index covers every entry known committed when the
 *       read was issued.
 * </ul>
 *
 * <p>Violations throw {@link SafetyViolation} at once.
 */
final class SafetyChecker {

  private final Map<Long, String> leaderOfTerm = new HashMap<>();
  private final Map<IndexTerm, Long> chainAt = new HashMap<>();
  private final LongArray committedChain = new LongArray();
  /** Per committed index: an upper bound on the term in which it became committed (the reporter's term). */
  private final LongArray commitTerm = new LongArray();
  private final LongArray appliedDigest = new LongArray();
  private final LongArray ackedCommand = new LongArray();
  private long maxCommitted;
  private long maxAcked;
  private long checks;
  private long confChangesApplied;
  private final boolean checkCommitRule;

  SafetyChecker(boolean checkCommitRule) {
    this.checkCommitRule = checkCommitRule;
  }

  long maxCommitted() {
    return maxCommitted;
  }

  long maxAcked() {
    return maxAcked;
  }

  long acknowledgedCommandAt(long index) {
    return ackedCommand.get(index);
  }

  long checks() {
    return checks;
  }

  /** Membership change entries applied (counted once per index). */
  long confChangesApplied() {
    return confChangesApplied;
  }

  /** After every input a node handled: roles, terms, commitIndex and the leader's progress. */
  void onStep(String id, NodeView v, Status s) {
    checks++;
    if (s.currentTerm() < v.currentTerm) {
      fail("Term Monotonicity", id + " went from term " + v.currentTerm + " back to " + s.currentTerm());
    }
    v.currentTerm = s.currentTerm();
    if (s.commitIndex() < v.commitIndex) {
      fail("Commit Monotonicity", id + " commitIndex went back from " + v.commitIndex + " to " + s.commitIndex());
    }
    if (checkCommitRule && s.role() == StateRole.LEADER && s.commitIndex() > v.commitIndex && v.leaderTerm == s.currentTerm()
        && v.log.has(s.commitIndex()) && v.log.term(s.commitIndex()) != s.currentTerm()) {
      // Figure 2 / §5.4.2: a leader commits by counting replicas only an entry of its own term (Figure 8).
      fail("Leader Commit Rule", "leader " + id + " of term " + s.currentTerm() + " advanced commitIndex to "
          + s.commitIndex() + ", an entry of term " + v.log.term(s.commitIndex()));
    }
    v.commitIndex = s.commitIndex();
    if (s.commitIndex() > s.lastIndex()) {
      fail("Structural", id + " commitIndex " + s.commitIndex() + " > lastIndex " + s.lastIndex());
    }
    if (s.role() != StateRole.LEADER) {
      return;
    }
    String other = leaderOfTerm.putIfAbsent(s.currentTerm(), id);
    if (other != null && !other.equals(id)) {
      fail("Election Safety", "both " + other + " and " + id + " are leaders of term " + s.currentTerm());
    }
    if (v.leaderTerm != s.currentTerm()) {
      v.leaderTerm = s.currentTerm();
      // Verified at the next Ready, once the view holds everything the node had in memory when it won.
      // Leader Completeness covers entries committed in EARLIER terms only: a leader of a lower term may
      // still be elected late (delayed votes) after a higher-term leader committed more.
      long index = committedBefore(s.currentTerm());
      v.completenessTerm = s.currentTerm();
      v.completenessIndex = index;
      v.completenessChain = committedChain.get(index);
    }
    for (PeerStatus p : s.progress().values()) {
      if (p.matchIndex() < 0 || p.matchIndex() >= p.nextIndex()) {
        fail("Structural", "leader " + id + " has 0 <= matchIndex < nextIndex broken for " + p);
      }
    }
  }

  /** The highest committed index known to have become committed in a term below {@code term}. */
  private long committedBefore(long term) {
    for (long i = maxCommitted, steps = 0; i > 0 && steps < 100_000; i--, steps++) {
      long t = commitTerm.get(i);
      if (t != LongArray.UNSET && t < term) {
        return i;
      }
    }
    return 0;
  }

  /** When a node's Ready is taken (before its writes are persisted). */
  void onReady(String id, NodeView v, Ready rd, Status s) {
    boolean stillLeader = v.readyRole == StateRole.LEADER && s.role() == StateRole.LEADER
        && v.readyTerm == s.currentTerm();
    LogChain log = v.log;
    if (rd.snapshot() != null) {
      if (stillLeader) {
        fail("Leader Append-Only", "leader " + id + " installs snapshot " + rd.snapshot());
      }
      installSnapshot(id, log, rd.snapshot(), s.currentTerm());
    }
    for (Entry e : rd.entries()) {
      if (stillLeader && log.has(e.index()) && log.chainOf(e) != log.chain(e.index())) {
        fail("Leader Append-Only", "leader " + id + " of term " + s.currentTerm() + " overwrites index "
            + e.index() + " (term " + log.term(e.index()) + ") with " + e);
      }
      long chain;
      try {
        chain = log.append(e);
      } catch (IllegalStateException gap) {
        throw new SafetyViolation("Ready Contract", id + ": " + gap.getMessage());
      }
      if (chain != LogChain.UNKNOWN) {
        Long previous = chainAt.putIfAbsent(new IndexTerm(e.index(), e.term()), chain);
        if (previous != null && previous != chain) {
          fail("Log Matching", id + " holds " + e + " whose prefix differs from another log's entry at index "
              + e.index() + " term " + e.term());
        }
      }
    }
    for (Entry e : rd.committedEntries()) {
      committed(id, log, e, s.currentTerm());
    }
    if (v.completenessTerm != 0) {
      if (s.role() == StateRole.LEADER && s.currentTerm() == v.completenessTerm
          && v.completenessChain != LongArray.UNSET && log.has(v.completenessIndex)
          && log.chain(v.completenessIndex) != LogChain.UNKNOWN) {
        if (log.chain(v.completenessIndex) != v.completenessChain) {
          fail("Leader Completeness", id + " became leader of term " + s.currentTerm()
              + " without the committed entries up to index " + v.completenessIndex);
        }
      } else if (s.role() == StateRole.LEADER && s.currentTerm() == v.completenessTerm
          && v.completenessIndex > log.lastIndex()) {
        fail("Leader Completeness", id + " became leader of term " + s.currentTerm() + " with lastIndex "
            + log.lastIndex() + " < committed index " + v.completenessIndex);
      }
      v.completenessTerm = 0;
    }
    v.readyRole = s.role();
    v.readyTerm = s.currentTerm();
  }

  private void installSnapshot(String id, LogChain log, SnapshotMetadata m, long term) {
    Long known = chainAt.get(new IndexTerm(m.index(), m.term()));
    if (!(log.has(m.index()) && log.term(m.index()) == m.term())) {
      log.reset(m.index(), m.term(), known == null ? LogChain.UNKNOWN : known);
    }
    markCommitted(id, m.index(), log.chain(m.index()), term);
  }

  private void committed(String id, LogChain log, Entry e, long term) {
    if (!log.has(e.index())) {
      if (e.index() > log.lastIndex()) {
        fail("Ready Contract", id + " hands out committed " + e + " beyond its log (last " + log.lastIndex() + ")");
      }
      return;
    }
    long own = log.chain(e.index());
    long asGiven = log.chainOf(e);
    if (own != LogChain.UNKNOWN && asGiven != LogChain.UNKNOWN && own != asGiven) {
      fail("Ready Contract", id + " hands out committed " + e + " that differs from its own log");
    }
    markCommitted(id, e.index(), own, term);
  }

  private void markCommitted(String id, long index, long chain, long reporterTerm) {
    long t = commitTerm.get(index);
    if (t == LongArray.UNSET || reporterTerm < t) {
      commitTerm.set(index, reporterTerm);
    }
    if (chain != LogChain.UNKNOWN) {
      long known = committedChain.get(index);
      if (known == LongArray.UNSET) {
        committedChain.set(index, chain);
      } else if (known != chain) {
        fail("State Machine Safety", id + " commits a log prefix at index " + index
            + " that differs from the one committed elsewhere");
      }
    }
    if (index > maxCommitted && committedChain.get(index) != LongArray.UNSET) {
      maxCommitted = index;
    }
  }

  /** Every confirmed read must cover what was known committed when it was issued. */
  void onReadState(String id, ReadState rs, long committedAtIssue) {
    if (rs.index() < committedAtIssue) {
      fail("ReadIndex Linearizability", id + " confirmed read " + rs.requestId() + " at index " + rs.index()
          + " but index " + committedAtIssue + " was already committed when it was issued");
    }
  }

  /** When a node sends a message: whatever it promises must already be durable. */
  void onSend(String id, NodeView v, Storage durable, Message m) {
    if (m instanceof RequestVoteResponse r && r.voteGranted() && !r.preVote()) {
      HardState hs = durable.initialState().hardState();
      // A durable later term also keeps the promise: the voter can never vote in r.term() again.
      if (hs.currentTerm() < r.term() || (hs.currentTerm() == r.term() && !r.to().equals(hs.votedFor()))) {
        fail("Persist Before Send", id + " grants its vote to " + r.to() + " in term " + r.term()
            + " but its durable hard state is " + hs);
      }
    } else if (m instanceof RequestVote r && !r.preVote()) {
      HardState hs = durable.initialState().hardState();
      if (hs.currentTerm() < r.term() || (hs.currentTerm() == r.term() && !id.equals(hs.votedFor()))) {
        fail("Persist Before Send", id + " campaigns in term " + r.term() + " but its durable hard state is " + hs);
      }
    } else if (m instanceof AppendEntriesResponse r && r.success()) {
      if (durable.lastIndex() < r.matchIndex() && v.durableLastUpTo(r.term()) < r.matchIndex()) {
        fail("Persist Before Send", id + " acknowledges index " + r.matchIndex() + " in term " + r.term()
            + " but only " + durable.lastIndex() + " is durable (and at most " + v.durableLastUpTo(r.term())
            + " ever was while its durable term was <= " + r.term() + ")");
      }
    } else if (m instanceof InstallSnapshotResponse r && r.done()) {
      if (durable.snapshotMetadata().index() < r.snapshotIndex() && durable.lastIndex() < r.snapshotIndex()) {
        fail("Persist Before Send", id + " acknowledges snapshot " + r.snapshotIndex() + " before installing it");
      }
    }
  }

  /** After a node's state machine applied {@code e} and reached {@code digest}. */
  void onApply(String id, Entry e, long digest) {
    checks++;
    long known = appliedDigest.get(e.index());
    if (known == LongArray.UNSET) {
      appliedDigest.set(e.index(), digest);
      if (e.type() == EntryType.CONF_CHANGE) {
        confChangesApplied++;
      }
    } else if (known != digest) {
      fail("State Machine Safety", id + " applied " + e + " but another node applied a different entry or "
          + "history at index " + e.index());
    }
    long acked = ackedCommand.get(e.index());
    if (acked != LongArray.UNSET) {
      long applied = e.data().length >= Command.HEADER_BYTES ? Command.decode(e.data()).id() : 0;
      if (applied != acked) {
        fail("Acknowledged Write Durability", id + " applied " + e + " at index " + e.index()
            + " where command " + acked + " was acknowledged");
      }
    }
  }

  /** After a node's state machine was restored from a snapshot at {@code index}. */
  void onRestore(String id, long index, long digest) {
    long known = appliedDigest.get(index);
    if (known == LongArray.UNSET) {
      appliedDigest.set(index, digest);
    } else if (known != digest) {
      fail("State Machine Safety", id + " restored a snapshot at index " + index + " whose history differs");
    }
  }

  void onAck(long commandId, long index) {
    if (ackedCommand.get(index) == LongArray.UNSET) {
      ackedCommand.set(index, commandId);
    }
    maxAcked = Math.max(maxAcked, index);
  }

  /** A node restarted: its view is rebuilt from what storage made durable. */
  void onRestart(String id, NodeView v, Storage durable, Status s) {
    HardState hs = durable.initialState().hardState();
    if (s.commitIndex() < hs.commitIndex()) {
      fail("Commit Monotonicity", id + " restarted with commitIndex " + s.commitIndex()
          + " below its durable " + hs.commitIndex());
    }
    if (s.currentTerm() < hs.currentTerm()) {
      fail("Term Monotonicity", id + " restarted in term " + s.currentTerm() + " below durable " + hs.currentTerm());
    }
    // What was only in memory is gone: monotonicity is owed from the durable values on (§5.1, Figure 2).
    v.commitIndex = hs.commitIndex();
    v.currentTerm = hs.currentTerm();
    v.readyRole = null;
    v.leaderTerm = 0;
    v.completenessTerm = 0;
    long base = durable.firstIndex() - 1;
    long baseTerm = durable.term(base);
    Long known = chainAt.get(new IndexTerm(base, baseTerm));
    v.log.reset(base, baseTerm, base == 0 ? 0 : known == null ? LogChain.UNKNOWN : known);
    if (durable.lastIndex() > base) {
      List<Entry> entries = durable.entries(base + 1, durable.lastIndex() + 1, Long.MAX_VALUE);
      for (Entry e : entries) {
        v.log.append(e);
      }
    }
  }

  private static void fail(String invariant, String detail) {
    throw new SafetyViolation(invariant, detail);
  }
}
