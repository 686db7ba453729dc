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
import io.raftkv.raft.role.Leader;
import io.raftkv.raft.tracker.ProgressTracker;
import java.util.List;
import java.util.Objects;

/**
 * One Raft peer as a deterministic state machine (etcd's RawNode + raft).
 *
 * <p>Inputs: {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])}, {@link #proposeBatch(List)},
 * {@link #proposeConfChange(ConfChange)}, {@link #readIndex(long)}, {@link #transferLeadership(String)},
 * {@link #campaign()}. Output: {@link #ready()}. No threads, clocks, sockets or files: the same inputs in
 * the same order always give the same outputs. Not thread-safe; one thread drives it.
 *
 * <p>This class only dispatches and owns nothing but the logical clock. Each piece of state has one
 * owner, which the others ask through methods: {@link ServerState} owns the role, currentTerm, votedFor
 * and the election timer (its transitions are the only way to change them); {@link ReadyBuilder} owns the
 * Ready under construction (messages, read states, snapshot chunks, the leader's pending broadcast) and
 * the durability rule; {@link RaftLog} the log and commitIndex; {@link ProgressTracker} the membership and
 * per-peer progress; the {@link Leader} role its term-scoped bookkeeping; {@link ReadOnly} the pending
 * reads. The algorithm lives in {@link Elections} (§5.2, §9.6, §3.10), {@link Replication} (the leader's
 * side of §5.3/§5.4.2/§7), {@link Proposals} (what the leader admits), {@link LogReceiver} (the
 * follower's side), {@link LeaderReads} (§6.4) and {@link Membership} (§4.3); the vote and commit rules
 * are {@link SafetyRules}. {@link #checkInvariants()} executes the invariants below.
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
  /** Role, currentTerm, votedFor and the election timer: their only owner. */
  final ServerState state;
  /** The Ready under construction and the last one handed out. */
  final ReadyBuilder nextReady;
  final ReadOnly readOnly = new ReadOnly();
  /** Events for observers, drained by {@link #takeEvents()}. */
  final RaftEvents events = new RaftEvents();
  final Elections elections = new Elections(this);
  final Replication replication = new Replication(this);
  final LogReceiver receiver = new LogReceiver(this);
  final Membership membership = new Membership(this);
  final Proposals proposals = new Proposals(this);
  final LeaderReads leaderReads = new LeaderReads(this);

  /** Logical clock: ticks since start. Invariant: written only by {@link #tick()}. */
  private long now;

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
    this.state = new ServerState(config, hs, events);
    this.nextReady = new ReadyBuilder(hs);
    membership.restore(init.confState());
    membership.replayCommitted();
    nextReady.takeConfChanged(); // the stored membership is no news to the caller
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

  /** Advances logical time by one tick: election timeouts, heartbeats, CheckQuorum, transfer timeouts. */
  public void tick() {
    now++;
    Leader l = state.leader();
    if (l != null) {
      replication.tickLeader(l);
    } else if (state.tickElectionTimeout()) {
      elections.hup(false);
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
    if (elections.reconcileTerm(m)) {
      dispatch(m);
    }
  }

  private void dispatch(Message m) {
    if (m instanceof RequestVote rv) {
      elections.handleRequestVote(rv);
    } else if (m instanceof RequestVoteResponse r) {
      elections.handleVoteResponse(r);
    } else if (m instanceof ReadIndexResponse r) {
      if (!r.rejected()) {
        nextReady.addReadState(new ReadState(r.requestId(), r.readIndex()));
      }
    } else {
      Leader l = state.leader();
      if (l != null) {
        stepLeader(l, m);
      } else {
        stepFollower(m);
      }
    }
  }

  /** A message of our term at the leader (etcd's stepLeader). */
  private void stepLeader(Leader l, Message m) {
    if (m instanceof AppendEntriesResponse r) {
      replication.handleAppendResponse(l, r);
    } else if (m instanceof HeartbeatResponse r) {
      replication.handleHeartbeatResponse(l, r);
    } else if (m instanceof InstallSnapshotResponse r) {
      replication.handleSnapshotResponse(l, r);
    } else if (m instanceof Propose p) {
      proposals.appendForwarded(l, p);
    } else if (m instanceof ReadIndexRequest r) {
      leaderReads.readIndex(l, r.from(), r.requestId());
    }
    // AppendEntries, Heartbeat or InstallSnapshot from another leader of our term is impossible unless
    // Election Safety is broken: never obey it. TimeoutNow: already leading.
  }

  /**
   * A message of our term at a follower or (pre-)candidate. A leader's message makes (pre-)candidates
   * step down (§5.2) and restarts the follower's election timer.
   */
  private void stepFollower(Message m) {
    if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
      if (state.acceptLeader(m.from())) {
        receiver.handle(m);
      }
    } else if (m instanceof TimeoutNow) {
      elections.hup(true);
    } else if (m instanceof Propose p) {
      if (state.leaderId() != null) {
        send(new Propose(id, state.leaderId(), state.currentTerm(), p.entries()));
      }
    } else if (m instanceof ReadIndexRequest r) {
      send(new ReadIndexResponse(id, r.from(), state.currentTerm(), r.requestId(), 0, true));
    }
    // Responses to a leader's messages arriving after it stepped down: nothing to do.
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
    Leader l = state.leader();
    if (l != null) {
      proposals.appendCommands(l, commands); // hot path: stamp the entries once
    } else {
      proposals.forward(Proposals.unstamped(commands));
    }
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
    Leader l = state.leader();
    if (l != null) {
      proposals.appendProposals(l, ents);
    } else {
      proposals.forward(ents);
    }
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
    Leader l = state.leader();
    if (l != null) {
      leaderReads.readIndex(l, null, requestId);
    } else if (state.leaderId() != null) {
      send(new ReadIndexRequest(id, state.leaderId(), state.currentTerm(), requestId));
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
    Leader l = state.leader();
    if (l != null) {
      replication.transferLeadership(l, transferee);
    }
  }

  /** Starts an election now (as if the election timeout fired). */
  public void campaign() {
    elections.hup(false);
  }

  /** Tells the leader that messages to {@code peer} could not be delivered (switches it to probing). */
  public void reportUnreachable(String peer) {
    if (state.isLeader()) {
      replication.reportUnreachable(peer);
    }
  }

  // ---------------------------------------------------------------- Ready

  /**
   * Whether {@link #ready()} has work that may be handed out now. False while
   * {@link Config#maxInflightReadies()} Readies are outstanding (not yet advanced), while an outstanding
   * Ready installs a snapshot, and, for a snapshot that waits to be handed out, while any Ready is
   * outstanding (see {@link Ready}).
   */
  public boolean hasReady() {
    if (!mayHandOut()) {
      return false;
    }
    return nextReady.hasOutput()
        || readOnly.needsRound()
        || log.unstable().hasNextEntries()
        || log.unstable().snapshot() != null
        || log.hasNextCommittedEntries(config.maxUnappliedBytes())
        || state.differsFrom(nextReady.prevHardState(), log.committed())
        || nextReady.softStateChanged(state.kind(), state.leaderId());
  }

  private boolean mayHandOut() {
    int n = nextReady.outstandingCount();
    if (n == 0) {
      return true;
    }
    return n < config.maxInflightReadies() && !nextReady.snapshotOutstanding() && log.unstable().snapshot() == null;
  }

  /**
   * Whether {@link #takeSendNow()} has work: messages that may leave before anything is durable (a
   * leader's heartbeats, appends, read rounds; heartbeat acknowledgements) or confirmed reads. Unlike
   * {@link #hasReady()} it may be true while a Ready is outstanding.
   */
  public boolean hasSendNow() {
    Leader l = state.leader();
    return nextReady.hasSendNow()
        || (l != null && (nextReady.broadcastPending() || readOnly.needsRound()));
  }

  /**
   * Takes the output that depends on nothing being durable, at any time, also while a Ready is
   * outstanding: a caller that takes it on every pass of its loop keeps heartbeats, heartbeat
   * acknowledgements and ReadIndex rounds flowing while an fsync is in progress (issue #10). A leader's
   * pending appends and read round are produced now rather than in the next Ready. Whatever is not taken
   * here goes into the next Ready's {@link Ready#messagesToSendNow()} and {@link Ready#readStates()}.
   */
  public SendNow takeSendNow() {
    replication.flush();
    return nextReady.takeSendNow();
  }

  /**
   * Takes the pending work; see {@link Ready} for what the caller must do with it. Entries already handed
   * out in an outstanding Ready are not handed out again.
   *
   * @throws IllegalStateException if no Ready may be handed out now: {@link Config#maxInflightReadies()}
   *     are outstanding, or a snapshot is outstanding or waits for the outstanding Readies (see
   *     {@link #hasReady()})
   */
  public Ready ready() {
    if (!mayHandOut()) {
      throw new IllegalStateException("ready() called while no Ready may be handed out (" + nextReady.outstandingCount()
          + " outstanding of at most " + config.maxInflightReadies() + ", or a snapshot waits for them)");
    }
    replication.flush();
    List<Entry> committed = membership.takeCommittedEntries();
    replication.flush();
    List<Entry> entries = log.unstable().takeNextEntries();
    SnapshotMetadata snapshot = log.unstable().snapshot();
    HardState hs = state.hardState(log.committed());
    ConfState cs = nextReady.takeConfChanged() ? tracker.config().toConfState() : null;
    return nextReady.build(state.softState(), hs, entries, snapshot, committed, cs, state.currentTerm());
  }

  /**
   * Reports that {@code ready}'s persistence step is complete (its committed entries are being applied).
   * Readies are advanced in the order {@link #ready()} handed them out; the caller persists them in that
   * order, so advancing one also says every earlier one is durable.
   *
   * @throws IllegalArgumentException if {@code ready} is not the oldest outstanding Ready
   */
  public void advance(Ready ready) {
    nextReady.advance(ready);
    if (ready.snapshot() != null) {
      log.stableSnapTo(ready.snapshot().index());
      log.snapshotApplied(ready.snapshot().index());
      events.add(new RaftEvent.SnapshotInstalled(ready.snapshot().index(), ready.snapshot().term()));
    }
    if (!ready.entries().isEmpty()) {
      Entry last = ready.entries().get(ready.entries().size() - 1);
      log.stableTo(last.index(), last.term());
    }
    if (!ready.committedEntries().isEmpty()) {
      log.appliedTo(ready.committedEntries().get(ready.committedEntries().size() - 1).index());
    }
    Leader l = state.leader();
    if (l != null) {
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

  public Status status() {
    Leader l = state.leader();
    return new Status(id, state.kind(), state.currentTerm(), state.votedFor(), log.committed(), log.applied(),
        log.lastIndex(), state.leaderId(), tracker.config().toConfState(), tracker.config().isLearner(id),
        replication.peerStatus(l), l == null ? null : l.leadTransferee(), log.firstIndex(),
        state.electionElapsed(), state.randomizedElectionTimeout());
  }

  /**
   * Takes the {@link RaftEvent}s since the last call, oldest first (a caller that never calls it loses
   * all but the latest {@link RaftEvents#CAPACITY}). Cheap when there are none.
   */
  public List<RaftEvent> takeEvents() {
    return events.take();
  }

  /** The index and term of the last {@code max} entries of the log (fewer if it is shorter), ascending. */
  public List<LogPosition> logTail(int max) {
    long last = log.lastIndex();
    long from = Math.max(log.firstIndex(), last - max + 1);
    List<LogPosition> out = new java.util.ArrayList<>((int) Math.max(0, last - from + 1));
    for (long i = from; i <= last; i++) {
      out.add(new LogPosition(i, log.termOrZero(i)));
    }
    return out;
  }

  /**
   * Checks the node-local invariants listed in this class's Javadoc (for tests and simulators; O(members)).
   *
   * @throws IllegalStateException naming the violated invariant
   */
  public void checkInvariants() {
    Invariants.check(this);
  }

  long now() {
    return now;
  }

  void send(Message m) {
    nextReady.send(m, state.isLeader());
  }

  /**
   * Steps down to follower of {@code term}; a leader's term-scoped read and broadcast state is dropped and
   * its step-down reported with {@code cause} (null where the caller cannot be leading).
   */
  void becomeFollower(long term, String leader, RaftEvent.StepDownCause cause) {
    if (state.becomeFollower(term, leader)) {
      readOnly.resetForTerm();
      nextReady.onStepDown();
      events.add(new RaftEvent.SteppedDown(term, cause == null ? RaftEvent.StepDownCause.HIGHER_TERM : cause));
    }
  }
}
