package io.raftkv.raft;

import io.raftkv.raft.log.InitialState;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.log.Storage;
import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.InstallSnapshotResponse;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.Propose;
import io.raftkv.raft.proto.ReadIndexRequest;
import io.raftkv.raft.proto.ReadIndexResponse;
import io.raftkv.raft.proto.RequestVote;
import io.raftkv.raft.proto.RequestVoteResponse;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.raft.proto.TimeoutNow;
import io.raftkv.raft.role.Follower;
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.role.Role;
import io.raftkv.raft.role.RoleTransitions;
import io.raftkv.raft.tracker.Progress;
import io.raftkv.raft.tracker.ProgressTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One Raft peer as a deterministic state machine (etcd's RawNode + raft).
 *
 * <p>Inputs: {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])}, {@link #proposeBatch(List)},
 * {@link #proposeConfChange(ConfChange)}, {@link #readIndex(long)}, {@link #transferLeadership(String)},
 * {@link #campaign()}. Output: {@link #ready()}. No threads, clocks, sockets or files: the same inputs in
 * the same order always give the same outputs. Not thread-safe; one thread drives it.
 *
 * <p>This class only dispatches; the algorithm lives in {@link Elections} (§5.2, §9.6, §3.10),
 * {@link Replication} (the leader's side of §5.3/§5.4.2/§7), {@link Proposals} (what the leader admits),
 * {@link LogReceiver} (the follower's side), {@link LeaderReads} + {@link ReadOnly} (§6.4) and
 * {@link Membership} (§4.3), with the log in {@link RaftLog}, the membership and per-peer progress in
 * {@link ProgressTracker}, the role of the current term in {@link Role} and outgoing messages in
 * {@link Outbox}. {@link #checkInvariants()} executes the invariants below.
 *
 * <p>Invariants (checked where cheap, and by the simulator's checkers):
 *
 * <ul>
 *   <li>Election Safety (§5.2): at most one leader per term; a node votes at most once per term.
 *   <li>Leader Append-Only (§5.3): a leader never overwrites or deletes entries in its log.
 *   <li>Log Matching (§5.3): entries with the same index and term are identical, as are their prefixes.
 *   <li>Leader Completeness (§5.4): a committed entry is in the log of every later leader; hence a
 *       follower never truncates at or below its commitIndex (doing so throws IllegalStateException).
 *   <li>commitIndex never decreases; {@code applied <= applying <= commitIndex <= lastIndex}.
 *   <li>Commit rule (§5.4.2, Figure 8): the leader commits only entries of its current term by counting
 *       replicas, and counts itself only for entries reported durable through {@link #advance(Ready)}.
 *   <li>For every Progress: {@code 0 <= matchIndex < nextIndex}.
 *   <li>currentTerm never decreases; {@code currentTerm == role.term()}.
 *   <li>Persist before send: see {@link Ready}.
 * </ul>
 */
public final class RaftNode {

  final Config config;
  final String id;
  final RaftLog log;
  /** Membership and the leader's per-peer progress. Invariant: keys sorted (deterministic iteration). */
  final ProgressTracker tracker;
  final Outbox outbox = new Outbox();
  final ReadOnly readOnly = new ReadOnly();
  final Elections elections = new Elections(this);
  final Replication replication = new Replication(this);
  final LogReceiver receiver = new LogReceiver(this);
  final Membership membership = new Membership(this);
  final Proposals proposals = new Proposals(this);
  final LeaderReads leaderReads = new LeaderReads(this);

  /** Invariant: {@code role.term() == currentTerm}; a new instance at every transition. */
  Role role;
  /** Figure 2 currentTerm. Invariant: never decreases; persisted before any message of this term leaves. */
  long currentTerm;
  /** Figure 2 votedFor in currentTerm, or null. Invariant: set at most once per term. */
  String votedFor;
  /** Ticks since the last election timeout reset (or, at the leader, since the last CheckQuorum). */
  int electionElapsed;
  /** Invariant: in [electionTick, 2 * electionTick), re-drawn at every reset (§5.2). */
  int randomizedElectionTimeout;
  /** Logical clock: ticks since start. */
  long now;
  /** The leader must send appends to every peer when the next Ready is built (batches proposals). */
  boolean broadcastPending;
  final List<ReadState> readStates = new ArrayList<>();
  final List<SnapshotChunk> snapshotChunks = new ArrayList<>();
  /** Membership changed since the last Ready. */
  boolean confChanged;

  private HardState prevHardState;
  private SoftState prevSoftState = new SoftState(null, StateRole.FOLLOWER);
  private Ready outstanding;

  private RaftNode(Config config, Storage storage) {
    this.config = config;
    this.id = config.id();
    InitialState init = storage.initialState();
    HardState hs = init.hardState();
    long applied = Math.max(config.applied(), storage.firstIndex() - 1);
    if (applied > Math.max(hs.commitIndex(), storage.firstIndex() - 1)) {
      throw new IllegalArgumentException(
          "config.applied " + config.applied() + " is beyond the stored commitIndex " + hs.commitIndex());
    }
    this.log = new RaftLog(storage, hs.commitIndex(), applied);
    this.tracker = new ProgressTracker(config.maxInflightMsgs());
    this.currentTerm = hs.currentTerm();
    this.votedFor = hs.votedFor();
    this.role = new Follower(currentTerm, null);
    this.prevHardState = hs;
    membership.restore(init.confState());
    membership.replayCommitted();
    confChanged = false;
    resetRandomizedElectionTimeout();
  }

  /**
   * Starts (or restarts) a node from {@code storage}: hard state, snapshot membership and log. A node
   * with empty storage and empty membership waits to be contacted by a leader (a joining member).
   */
  public static RaftNode create(Config config, Storage storage) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(storage, "storage");
    return new RaftNode(config, storage);
  }

  // ---------------------------------------------------------------- inputs

  /** Advances logical time by one tick: election timeouts, heartbeats, CheckQuorum, transfer timeouts. */
  public void tick() {
    now++;
    if (role instanceof Leader l) {
      replication.tickLeader(l);
    } else {
      electionElapsed++;
      if (electionElapsed >= randomizedElectionTimeout) {
        electionElapsed = 0;
        if (promotable()) {
          elections.hup(false);
        }
      }
    }
  }

  /**
   * Handles a message from a peer. Messages for another node or from a stale term are ignored.
   *
   * @throws IllegalArgumentException if the message is malformed (e.g. AppendEntries whose entries do not
   *     follow prevLogIndex); the node's state is unchanged and the caller should log and drop it
   */
  public void step(Message m) {
    Objects.requireNonNull(m, "message");
    if (!id.equals(m.to()) || id.equals(m.from())) {
      return;
    }
    if (m.term() > currentTerm) {
      if (m instanceof RequestVote rv) {
        // §4.2.3: while we hear from a current leader, a disruptive candidate is ignored, unless the
        // leader itself asked for the election (thesis §3.10).
        boolean inLease = config.checkQuorum() && role.leaderId() != null && electionElapsed < config.electionTick();
        if (inLease && !rv.leadershipTransfer()) {
          return;
        }
      }
      if (m instanceof RequestVote rv && rv.preVote()) {
        // §9.6: a pre-vote does not change our term.
      } else if (m instanceof RequestVoteResponse r && r.preVote() && r.voteGranted()) {
        // Granted pre-votes echo the future term; the pre-candidate counts them.
      } else if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
        becomeFollower(m.term(), m.from());
      } else {
        becomeFollower(m.term(), null);
      }
    } else if (m.term() < currentTerm) {
      if ((config.checkQuorum() || config.preVote()) && (m instanceof AppendEntries || m instanceof Heartbeat)) {
        // A leader cut off from us (and never deposed because we used pre-vote/lease) learns our term.
        send(new AppendEntriesResponse(id, m.from(), currentTerm, false, 0, 0, 0, 0));
      } else if (m instanceof RequestVote rv && rv.preVote()) {
        send(new RequestVoteResponse(id, m.from(), currentTerm, false, true));
      }
      return;
    }
    dispatch(m);
  }

  private void dispatch(Message m) {
    if (m instanceof RequestVote rv) {
      elections.handleRequestVote(rv);
    } else if (m instanceof RequestVoteResponse r) {
      elections.handleVoteResponse(r);
    } else if (m instanceof AppendEntries ae) {
      if (acceptLeader(m)) {
        receiver.handleAppendEntries(ae);
      }
    } else if (m instanceof Heartbeat hb) {
      if (acceptLeader(m)) {
        receiver.handleHeartbeat(hb);
      }
    } else if (m instanceof InstallSnapshot is) {
      if (acceptLeader(m)) {
        receiver.handleInstallSnapshot(is);
      }
    } else if (m instanceof AppendEntriesResponse r) {
      if (role instanceof Leader l) {
        replication.handleAppendResponse(l, r);
      }
    } else if (m instanceof HeartbeatResponse r) {
      if (role instanceof Leader l) {
        replication.handleHeartbeatResponse(l, r);
      }
    } else if (m instanceof InstallSnapshotResponse r) {
      if (role instanceof Leader l) {
        replication.handleSnapshotResponse(l, r);
      }
    } else if (m instanceof TimeoutNow) {
      if (!(role instanceof Leader) && promotable()) {
        elections.hup(true);
      }
    } else if (m instanceof Propose p) {
      if (role instanceof Leader l) {
        proposals.appendForwarded(l, p);
      } else if (role.leaderId() != null) {
        send(new Propose(id, role.leaderId(), currentTerm, p.entries()));
      }
    } else if (m instanceof ReadIndexRequest r) {
      if (role instanceof Leader l) {
        leaderReads.readIndex(l, r.from(), r.requestId());
      } else {
        send(new ReadIndexResponse(id, r.from(), currentTerm, r.requestId(), 0, true));
      }
    } else if (m instanceof ReadIndexResponse r) {
      if (!r.rejected()) {
        readStates.add(new ReadState(r.requestId(), r.readIndex()));
      }
    }
  }

  /**
   * A leader's message of our term: (pre-)candidates step down (§5.2), followers learn the leader and
   * reset their election timer. Returns false if the message must be ignored.
   */
  private boolean acceptLeader(Message m) {
    if (role instanceof Leader) {
      return false; // another leader in our term: impossible unless safety is broken; never obey it
    }
    if (!(role instanceof Follower)) {
      becomeFollower(currentTerm, m.from());
    }
    Follower f = (Follower) role;
    if (!f.learnLeader(m.from())) {
      return false;
    }
    electionElapsed = 0;
    return true;
  }

  /**
   * Proposes a command. On the leader it is appended to the log; on a follower that knows the leader it is
   * forwarded (fire and forget). The caller learns the outcome when the entry is applied.
   *
   * @throws ProposalDroppedException if it was refused and certainly not appended anywhere
   */
  public void propose(byte[] data) {
    Objects.requireNonNull(data, "data");
    proposeBatch(List.of(data));
  }

  /**
   * Proposes several commands at once, appended contiguously (or forwarded in one message). All or
   * none are accepted.
   *
   * @throws ProposalDroppedException if they were refused and certainly not appended anywhere
   */
  public void proposeBatch(List<byte[]> commands) {
    Objects.requireNonNull(commands, "commands");
    if (commands.isEmpty()) {
      return;
    }
    if (role instanceof Leader l) {
      proposals.appendCommands(l, commands); // hot path: stamp the entries once
      return;
    }
    List<Entry> ents = new ArrayList<>(commands.size());
    for (byte[] c : commands) {
      ents.add(Entry.normal(0, 0, Objects.requireNonNull(c, "command")));
    }
    proposeEntries(ents);
  }

  /**
   * Proposes a membership change (thesis §4.3); at most one may be pending.
   *
   * @throws ProposalDroppedException with CONF_CHANGE_PENDING while another change is not yet applied
   *     (or a joint configuration is not yet left), or another reason as for {@link #propose}
   * @throws IllegalArgumentException if the change is invalid for the current membership (leader only)
   */
  public void proposeConfChange(ConfChange change) {
    Objects.requireNonNull(change, "change");
    proposeEntries(List.of(new Entry(0, 0, io.raftkv.raft.proto.EntryType.CONF_CHANGE, change.toBytes())));
  }

  private void proposeEntries(List<Entry> ents) {
    if (role instanceof Leader l) {
      proposals.appendProposals(l, ents);
      return;
    }
    String leader = role.leaderId();
    if (leader == null) {
      throw new ProposalDroppedException(DropReason.NO_LEADER);
    }
    send(new Propose(id, leader, currentTerm, ents));
  }

  /**
   * Requests a linearizable read (thesis §6.4). A {@link ReadState} with this {@code requestId} appears in
   * a later Ready once leadership is confirmed; followers forward to the leader. Requests that cannot be
   * served (no leader, leader lost) produce no ReadState; the caller times them out.
   *
   * <p>The leader answers only after an entry of its term has committed, with its commitIndex at the
   * time of the request. With {@link ReadOnlyOption#SAFE} it then waits for one heartbeat round
   * acknowledged by a quorum (all reads pending before a round share it). With
   * {@link ReadOnlyOption#LEASE_BASED} it skips the round while a quorum acknowledged a heartbeat SENT
   * less than {@code leaseTicks} ago. That relies on followers ignoring RequestVote for
   * {@code electionTick} ticks after hearing from the leader (CheckQuorum) and on clocks: it is safe
   * only if no node's tick runs faster than the leader's by more than {@code electionTick - leaseTicks}
   * ticks per election timeout. A leader that sent TimeoutNow stops using its lease for the rest of its
   * term, since the transfer target may be elected inside the lease.
   */
  public void readIndex(long requestId) {
    if (role instanceof Leader l) {
      leaderReads.readIndex(l, null, requestId);
    } else if (role.leaderId() != null) {
      send(new ReadIndexRequest(id, role.leaderId(), currentTerm, requestId));
    }
  }

  /**
   * Asks the leader to hand leadership to {@code transferee} (thesis §3.10). Ignored on a non-leader.
   * Proposals are refused while the transfer runs; it is abandoned after an election timeout.
   *
   * @throws IllegalArgumentException if {@code transferee} is not a voter
   */
  public void transferLeadership(String transferee) {
    Objects.requireNonNull(transferee, "transferee");
    if (role instanceof Leader l) {
      replication.transferLeadership(l, transferee);
    }
  }

  /** Starts an election now (as if the election timeout fired). */
  public void campaign() {
    if (promotable()) {
      elections.hup(false);
    }
  }

  /** Tells the leader that messages to {@code peer} could not be delivered (switches it to probing). */
  public void reportUnreachable(String peer) {
    if (role instanceof Leader) {
      Progress pr = tracker.get(peer);
      if (pr != null && pr.state() == io.raftkv.raft.tracker.ProgressState.REPLICATE) {
        pr.becomeProbe();
      }
    }
  }

  // ---------------------------------------------------------------- Ready

  /** Whether {@link #ready()} has work. False while a Ready is outstanding (not yet advanced). */
  public boolean hasReady() {
    if (outstanding != null) {
      return false;
    }
    return broadcastPending
        || readOnly.needsRound()
        || !outbox.isEmpty()
        || !log.unstable().entries().isEmpty()
        || log.unstable().snapshot() != null
        || log.hasNextCommittedEntries(config.maxUnappliedBytes())
        || !readStates.isEmpty()
        || !snapshotChunks.isEmpty()
        || confChanged
        || hardStateChanged()
        || prevSoftState.role() != role.kind()
        || !Objects.equals(prevSoftState.leaderId(), role.leaderId());
  }

  /** Allocation-free comparison with the last handed-out HardState (hasReady is on the hot path). */
  private boolean hardStateChanged() {
    return prevHardState.currentTerm() != currentTerm
        || prevHardState.commitIndex() != log.committed()
        || !Objects.equals(prevHardState.votedFor(), votedFor);
  }

  /**
   * Takes the pending work; see {@link Ready} for what the caller must do with it.
   *
   * @throws IllegalStateException if the previous Ready was not advanced yet
   */
  public Ready ready() {
    if (outstanding != null) {
      throw new IllegalStateException("ready() called again before advance() of the previous Ready");
    }
    replication.flush();
    List<Entry> committed = membership.takeCommittedEntries();
    replication.flush();
    List<Entry> entries = log.unstable().entries().isEmpty() ? List.of() : List.copyOf(log.unstable().entries());
    SnapshotMetadata snapshot = log.unstable().snapshot();
    HardState hs = hardState();
    SoftState ss = softState();
    ConfState cs = confChanged ? tracker.config().toConfState() : null;
    confChanged = false;
    List<SnapshotChunk> chunks = snapshotChunks.isEmpty() ? List.of() : List.copyOf(snapshotChunks);
    snapshotChunks.clear();
    List<ReadState> reads = readStates.isEmpty() ? List.of() : List.copyOf(readStates);
    readStates.clear();
    Ready rd = new Ready(
        ss.equals(prevSoftState) ? null : ss,
        hs.equals(prevHardState) ? null : hs,
        entries, chunks, snapshot, committed, cs,
        outbox.takeSendNow(), outbox.takeAfterPersist(currentTerm), reads);
    prevSoftState = ss;
    outstanding = rd;
    return rd;
  }

  /**
   * Reports that {@code ready}'s persistence step is complete (its committed entries are being applied).
   *
   * @throws IllegalArgumentException if {@code ready} is not the outstanding Ready
   */
  public void advance(Ready ready) {
    if (ready == null || ready != outstanding) {
      throw new IllegalArgumentException("advance() must be given the outstanding Ready");
    }
    outstanding = null;
    if (ready.snapshot() != null) {
      log.stableSnapTo(ready.snapshot().index());
      log.snapshotApplied(ready.snapshot().index());
    }
    if (!ready.entries().isEmpty()) {
      Entry last = ready.entries().get(ready.entries().size() - 1);
      log.stableTo(last.index(), last.term());
    }
    if (!ready.committedEntries().isEmpty()) {
      log.appliedTo(ready.committedEntries().get(ready.committedEntries().size() - 1).index());
    }
    if (ready.hardState() != null) {
      prevHardState = ready.hardState();
    }
    if (role instanceof Leader l) {
      replication.selfAck(l);
    }
  }

  /**
   * Reports that the caller's state machine applied every entry up to {@code index}. Needed only with
   * {@link Config#maxUnappliedBytes()} set: it frees that budget so later committed entries are handed out
   * again. May be called at any time, also while a Ready is outstanding; stale indexes are ignored.
   */
  public void appliedTo(long index) {
    log.reportApplied(index);
  }

  // ---------------------------------------------------------------- status

  public Status status() {
    Map<String, PeerStatus> prs = new TreeMap<>();
    String transferee = null;
    if (role instanceof Leader l) {
      transferee = l.leadTransferee();
      for (Map.Entry<String, Progress> e : tracker.progress().entrySet()) {
        Progress p = e.getValue();
        prs.put(e.getKey(), new PeerStatus(e.getKey(), tracker.config().isVoter(e.getKey()), p.matchIndex(),
            p.nextIndex(), p.state().name().toLowerCase(java.util.Locale.ROOT), p.recentActive()));
      }
    }
    return new Status(id, role.kind(), currentTerm, votedFor, log.committed(), log.applied(), log.lastIndex(),
        role.leaderId(), tracker.config().toConfState(), tracker.config().isLearner(id),
        java.util.Collections.unmodifiableMap(prs),
        transferee);
  }

  /**
   * Checks the node-local invariants listed in this class's Javadoc (for tests and simulators; O(members)).
   *
   * @throws IllegalStateException naming the violated invariant
   */
  public void checkInvariants() {
    Invariants.check(this);
  }

  // ---------------------------------------------------------------- shared helpers

  HardState hardState() {
    return new HardState(currentTerm, votedFor, log.committed());
  }

  SoftState softState() {
    return new SoftState(role.leaderId(), role.kind());
  }

  void send(Message m) {
    outbox.send(m, role instanceof Leader);
  }

  /** Whether this node may campaign: a voter with no incoming snapshot pending. */
  boolean promotable() {
    return tracker.config().isVoter(id) && log.unstable().snapshot() == null;
  }

  boolean injected(InjectedBug bug) {
    return config.injectedBugs().contains(bug);
  }

  void resetRandomizedElectionTimeout() {
    randomizedElectionTimeout = config.electionTick() + config.random().nextInt(config.electionTick());
  }

  /** Moves to a new role through {@link RoleTransitions}, adopting its term (clearing votedFor on a new term). */
  void become(Role next) {
    Role prev = role;
    role = RoleTransitions.check(prev, next);
    if (next.term() > currentTerm) {
      currentTerm = next.term();
      votedFor = null;
    }
    electionElapsed = 0;
    resetRandomizedElectionTimeout();
    if (prev instanceof Leader) {
      readOnly.resetForTerm();
      broadcastPending = false;
    }
  }

  void becomeFollower(long term, String leader) {
    become(new Follower(term, leader));
  }
}
