package io.raftkv.raft;

import io.raftkv.raft.proto.AppendEntries;
import io.raftkv.raft.proto.AppendEntriesResponse;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.Heartbeat;
import io.raftkv.raft.proto.HeartbeatResponse;
import io.raftkv.raft.proto.InstallSnapshot;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.Propose;
import io.raftkv.raft.proto.ReadIndexRequest;
import io.raftkv.raft.proto.ReadIndexResponse;
import io.raftkv.raft.proto.SnapshotMetadata;
import io.raftkv.raft.proto.TimeoutNow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Ready under construction: the output the node produced since the last {@link Ready} (messages,
 * confirmed reads, snapshot chunks, whether the leader owes every peer an append, whether membership
 * changed) and what the caller was last handed (the Readies outstanding, in hand-out order, the last
 * SoftState and the last HardState handed out). Helpers add output here through methods; only
 * {@link #build} takes it, and {@link #advance} accepts acknowledgements only in hand-out order.
 *
 * <p>Messages are split by the persist-before-send rule of {@link Ready}: a leader's replication traffic
 * may leave before persistence (thesis §10.2.1), since the leader counts itself towards a quorum only for
 * entries it reported durable; so may, from any node, messages that promise nothing durable (heartbeat
 * acknowledgements, forwarded proposals and read requests, refused reads). Everything else (votes, a
 * candidate's vote requests, append and snapshot acknowledgements) promises durable state and waits.
 * The send-now messages and the confirmed reads can also be taken between Readies ({@link #takeSendNow}).
 *
 * <p>The durability rule (etcd's MustSync) lives in {@link #build}: a Ready must be synced before its
 * messages leave if it carries entries, snapshot data or chunks, or a currentTerm/votedFor other than the
 * last persisted ones (§5.1). A Ready whose hard state changes only commitIndex needs no sync: commitIndex
 * may lag on disk (it is re-learned from the leader), so its messages need not wait for a disk flush.
 * The comparison is with the last hard state handed out, not the last acknowledged one: the caller
 * persists Readies in order, so an earlier Ready in flight makes it durable before this one completes.
 */
final class ReadyBuilder {

  private ArrayList<Message> sendNow = new ArrayList<>();
  private ArrayList<Message> afterPersist = new ArrayList<>();
  private final List<ReadState> readStates = new ArrayList<>();
  private final List<SnapshotChunk> snapshotChunks = new ArrayList<>();
  /**
   * The leader must send appends to every peer when the next Ready is built (batches proposals and
   * commitIndex advances). Invariant: set only while leading; cleared when the node stops leading.
   */
  private boolean broadcastPending;
  /** Membership changed since the last Ready. */
  private boolean confChanged;
  /**
   * Handed out by {@link #build} and not yet advanced, oldest first. Invariant: at most
   * {@link Config#maxInflightReadies()} (the node checks before building); a Ready with a snapshot is
   * the only one while it is outstanding.
   */
  private final ArrayDeque<Ready> outstanding = new ArrayDeque<>();
  private SoftState prevSoftState = new SoftState(null, StateRole.FOLLOWER);
  /** The hard state last handed out (or the stored one at start); durable once its Ready is advanced. */
  private HardState prevHardState;

  /** currentTerm of the newest hard state known durable: the stored one, or the last advanced Ready's. */
  private long durableTerm;

  ReadyBuilder(HardState stored) {
    this.prevHardState = stored;
    this.durableTerm = stored == null ? 0 : stored.currentTerm();
  }

  long durableTerm() {
    return durableTerm;
  }

  // ---------------------------------------------------------------- adding output

  void send(Message m, boolean senderIsLeader) {
    if ((senderIsLeader && isLeaderReplicationTraffic(m)) || promisesNothingDurable(m)) {
      sendNow.add(m);
    } else {
      afterPersist.add(m);
    }
  }

  private static boolean isLeaderReplicationTraffic(Message m) {
    return m instanceof AppendEntries
        || m instanceof Heartbeat
        || m instanceof InstallSnapshot
        || m instanceof TimeoutNow
        || m instanceof ReadIndexResponse;
  }

  /**
   * Messages any node may send before its pending writes are durable (etcd holds back only MsgAppResp,
   * MsgVoteResp and MsgPreVoteResp). A HeartbeatResponse acknowledges only the sender's term and the
   * leader's read round, not a log position (the Heartbeat's leaderCommit is capped at the follower's
   * known matchIndex, and the response carries no index): it confirms leadership, which a vote, not a
   * log write, decides. A forwarded Propose or ReadIndexRequest and a refused ReadIndexResponse promise
   * nothing. A candidate's RequestVote stays behind its own durable vote: a node elected on votes
   * solicited before its term and self-vote were on disk could, after a crash, vote again in that term.
   */
  private static boolean promisesNothingDurable(Message m) {
    return m instanceof HeartbeatResponse
        || m instanceof Propose
        || m instanceof ReadIndexRequest
        || m instanceof ReadIndexResponse;
  }

  void addReadState(ReadState rs) {
    readStates.add(rs);
  }

  void addSnapshotChunk(SnapshotChunk chunk) {
    snapshotChunks.add(chunk);
  }

  /** The leader owes every peer an append (new entries, a higher commitIndex, a new member). */
  void requestBroadcast() {
    broadcastPending = true;
  }

  boolean broadcastPending() {
    return broadcastPending;
  }

  /** Returns whether a broadcast was requested, clearing the request. */
  boolean takeBroadcast() {
    boolean b = broadcastPending;
    broadcastPending = false;
    return b;
  }

  void markConfChanged() {
    confChanged = true;
  }

  /** Drops what only a leader of the term that just ended could send. */
  void onStepDown() {
    broadcastPending = false;
  }

  // ---------------------------------------------------------------- building

  boolean isOutstanding() {
    return !outstanding.isEmpty();
  }

  int outstandingCount() {
    return outstanding.size();
  }

  /** Whether an outstanding Ready installs a snapshot (no other Ready may be handed out meanwhile). */
  boolean snapshotOutstanding() {
    for (Ready rd : outstanding) {
      if (rd.snapshot() != null) {
        return true;
      }
    }
    return false;
  }

  /** Whether output is waiting (the node adds log, hard and soft state changes to decide hasReady). */
  boolean hasOutput() {
    return broadcastPending
        || !sendNow.isEmpty()
        || !afterPersist.isEmpty()
        || !readStates.isEmpty()
        || !snapshotChunks.isEmpty()
        || confChanged;
  }

  /** Whether {@link #takeSendNow} has anything (the node adds a leader's pending broadcast and round). */
  boolean hasSendNow() {
    return !sendNow.isEmpty() || !readStates.isEmpty();
  }

  /** Takes the send-now messages and confirmed reads; allowed while a Ready is outstanding. */
  SendNow takeSendNow() {
    List<ReadState> reads = readStates.isEmpty() ? List.of() : List.copyOf(readStates);
    readStates.clear();
    return new SendNow(takeSendNowMessages(), reads);
  }

  HardState prevHardState() {
    return prevHardState;
  }

  boolean softStateChanged(StateRole role, String leaderId) {
    return prevSoftState.role() != role || !Objects.equals(prevSoftState.leaderId(), leaderId);
  }

  /** Takes whether membership changed since the last Ready, clearing it. */
  boolean takeConfChanged() {
    boolean c = confChanged;
    confChanged = false;
    return c;
  }

  /**
   * Takes the output into a Ready with the given state and appends it to the outstanding ones.
   *
   * @param currentTerm successful append acknowledgements of older terms are dropped (see below)
   */
  Ready build(SoftState ss, HardState hs, List<Entry> entries, SnapshotMetadata snapshot, List<Entry> committed,
      ConfState confState, long currentTerm) {
    List<SnapshotChunk> chunks = snapshotChunks.isEmpty() ? List.of() : List.copyOf(snapshotChunks);
    snapshotChunks.clear();
    List<ReadState> reads = readStates.isEmpty() ? List.of() : List.copyOf(readStates);
    readStates.clear();
    HardState changed = hs.equals(prevHardState) ? null : hs;
    boolean mustSync = !entries.isEmpty() || !chunks.isEmpty() || snapshot != null
        || (changed != null && (changed.currentTerm() != prevHardState.currentTerm()
            || !Objects.equals(changed.votedFor(), prevHardState.votedFor())));
    Ready rd = new Ready(ss.equals(prevSoftState) ? null : ss, changed, entries, chunks, snapshot, committed,
        confState, takeSendNowMessages(), takeAfterPersist(currentTerm), reads, mustSync);
    prevSoftState = ss;
    if (changed != null) {
      prevHardState = changed;
    }
    outstanding.addLast(rd);
    return rd;
  }

  /**
   * Records that {@code ready}'s persistence step is complete.
   *
   * @throws IllegalArgumentException if {@code ready} is not the oldest outstanding Ready
   */
  void advance(Ready ready) {
    if (ready == null || ready != outstanding.peekFirst()) {
      throw new IllegalArgumentException(outstanding.contains(ready)
          ? "advance() out of order: Readies must be advanced in the order ready() handed them out"
          : "advance() must be given an outstanding Ready");
    }
    outstanding.pollFirst();
    if (ready.hardState() != null) {
      durableTerm = Math.max(durableTerm, ready.hardState().currentTerm());
    }
  }

  private List<Message> takeSendNowMessages() {
    if (sendNow.isEmpty()) {
      return List.of();
    }
    List<Message> out = sendNow;
    sendNow = new ArrayList<>();
    return out;
  }

  /**
   * The messages that wait for persistence, minus successful append acknowledgements of a term the node
   * has since left: their entries may have been truncated by the new term's leader before this Ready
   * persists anything, so sending them would promise durability that does not exist (FINDINGS F4), and
   * the deposed leader they are addressed to can no longer use them.
   */
  private List<Message> takeAfterPersist(long currentTerm) {
    if (afterPersist.isEmpty()) {
      return List.of();
    }
    List<Message> out = afterPersist;
    afterPersist = new ArrayList<>();
    out.removeIf(m -> m instanceof AppendEntriesResponse r && r.success() && r.term() < currentTerm);
    return out;
  }
}
