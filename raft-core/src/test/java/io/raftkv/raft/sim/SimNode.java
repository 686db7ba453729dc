package io.raftkv.raft.sim;

import io.raftkv.raft.Config;
import io.raftkv.raft.RaftNode;
import io.raftkv.raft.ReadState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.SendNow;
import io.raftkv.raft.SnapshotChunk;
import io.raftkv.raft.Status;
import io.raftkv.raft.log.MemoryStorage;
import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One simulated server: a {@link RaftNode} driven exactly as the real server drives it (see {@link Ready}),
 * over a {@link MemoryStorage} that holds only what completed "disk writes" made durable.
 *
 * <p>Driver model (RaftDriver's): after every input, what {@link RaftNode#takeSendNow()} has goes out and
 * its confirmed reads are taken, also while Readies are outstanding; then, if the node has a Ready (up to
 * {@link io.raftkv.raft.Config#maxInflightReadies()} may be outstanding), it is taken: its
 * messagesToSendNow go out at once and its committed entries that were already durable are applied; its
 * write finishes after a random latency, but a disk completes writes in the order they were queued (a
 * log device), so a Ready whose write finished waits for every earlier one. Completing a Ready applies
 * its writes to storage, then sends messagesAfterPersist, applies the other committed entries, serves
 * reads and calls advance. A crash discards the RaftNode, the state machine and every write not yet
 * completed, so a restarted node keeps exactly what it made durable.
 *
 * <p>Invariant: {@code inFlight} holds the outstanding Readies in hand-out order, each with a disk event
 * pending for the current {@code incarnation} or already written and waiting for an earlier one.
 */
public final class SimNode {

  /** A linearizable read issued on this node: served once applied up to the confirmed index. */
  record Read(long requestId, long issuedAt, long committedAtIssue, long confirmedIndex) {}

  final String id;
  private final SimCluster cluster;
  final MemoryStorage storage = new MemoryStorage();
  final NodeView view = new NodeView();
  private RaftNode raft;
  private KvStateMachine sm;
  private ConfState confState = ConfState.EMPTY;
  /** A Ready taken and not yet advanced. */
  private static final class InFlight {
    final Ready rd;
    /** Some of its committed entries wait for its persistence (later Readies must not apply ahead). */
    final boolean deferred;
    boolean written;
    /** Its messagesAfterPersist already left (only with the broken driver of {@code brokenAckOrder}). */
    boolean sentEarly;

    InFlight(Ready rd, boolean deferred) {
      this.rd = rd;
      this.deferred = deferred;
    }
  }

  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private int incarnation;
  private boolean retired;
  private Status status;
  /** Command id -> virtual time proposed, for commands proposed through this node and not yet applied. */
  private final Map<Long, Long> proposals = new HashMap<>();
  private final Map<Long, Read> reads = new HashMap<>();
  private final List<Read> confirmedReads = new ArrayList<>();
  private long readsServed;
  /** The index the current state machine was restored from when the node (re)started. */
  private long startedFrom;

  SimNode(String id, SimCluster cluster) {
    this.id = id;
    this.cluster = cluster;
  }

  public String id() {
    return id;
  }

  public boolean up() {
    return raft != null;
  }

  public boolean retired() {
    return retired;
  }

  /** The latest status (after the last input), or {@code null} while down. */
  public Status status() {
    return raft == null ? null : status;
  }

  /** The state machine's lastApplied, or -1 while down. */
  public long lastApplied() {
    return sm == null ? -1 : sm.lastApplied();
  }

  /** The value of a register in this node's state machine, or {@code null}. */
  public Long read(int key) {
    return sm == null ? null : sm.read(key);
  }

  /** The index the state machine was restored from at the last start (0: from an empty state). */
  public long startedFrom() {
    return startedFrom;
  }

  public long readsServed() {
    return readsServed;
  }

  public MemoryStorage storage() {
    return storage;
  }

  /** Whether a Ready was taken and its disk write has not completed (a crash now loses it). */
  boolean hasOutstandingReady() {
    return !inFlight.isEmpty();
  }

  int incarnation() {
    return incarnation;
  }

  /** Starts (or restarts) the node over its storage: the state machine comes back from the snapshot. */
  void start(Config config) {
    SnapshotMetadata snap = storage.snapshotMetadata();
    sm = KvStateMachine.restore(snap.isEmpty() ? new byte[0] : storage.snapshotData());
    if (sm.lastApplied() != snap.index()) {
      throw new SafetyViolation("Snapshot Integrity", id + " snapshot at " + snap.index()
          + " holds state applied to " + sm.lastApplied());
    }
    if (!snap.isEmpty()) {
      cluster.checker.onRestore(id, snap.index(), sm.digest());
    }
    startedFrom = sm.lastApplied();
    confState = storage.initialState().confState();
    view.recordDurable(storage.hardState().currentTerm(), storage.lastIndex());
    raft = RaftNode.create(config, storage);
    status = raft.status();
    cluster.checker.onRestart(id, view, storage, status);
    afterInput();
  }

  /** Loses everything not durable: the RaftNode, the state machine, pending disk work, client requests. */
  void crash() {
    raft = null;
    sm = null;
    inFlight.clear();
    incarnation++;
    proposals.clear();
    reads.clear();
    confirmedReads.clear();
  }

  void retire() {
    crash();
    retired = true;
  }

  void tick() {
    raft.tick();
    afterInput();
  }

  void deliver(Message m) {
    raft.step(m);
    afterInput();
  }

  /** Proposes a command; false if the node refused it (ProposalDroppedException). */
  boolean propose(Command c) {
    try {
      raft.propose(c.encode());
    } catch (io.raftkv.raft.ProposalDroppedException e) {
      afterInput();
      return false;
    }
    proposals.put(c.id(), cluster.now());
    afterInput();
    return true;
  }

  /** Proposes several commands at once (all or none); false if the node refused them. */
  boolean proposeBatch(List<Command> batch) {
    List<byte[]> data = new ArrayList<>(batch.size());
    for (Command c : batch) {
      data.add(c.encode());
    }
    try {
      raft.proposeBatch(data);
    } catch (io.raftkv.raft.ProposalDroppedException e) {
      afterInput();
      return false;
    }
    for (Command c : batch) {
      proposals.put(c.id(), cluster.now());
    }
    afterInput();
    return true;
  }

  void readIndex(long requestId) {
    reads.put(requestId, new Read(requestId, cluster.now(), cluster.checker.maxCommitted(), -1));
    raft.readIndex(requestId);
    afterInput();
  }

  /** Runs an arbitrary operation on the RaftNode (campaign, transfer, conf change), then the driver step. */
  void with(java.util.function.Consumer<RaftNode> op) {
    try {
      op.accept(raft);
    } finally {
      afterInput();
    }
  }

  boolean hasPendingProposal(long commandId) {
    return proposals.containsKey(commandId);
  }

  private void afterInput() {
    status = raft.status();
    cluster.checker.onStep(id, view, status);
    try {
      raft.checkInvariants(); // the node-local invariants of RaftNode's Javadoc, O(members)
    } catch (IllegalStateException broken) {
      throw new SafetyViolation("Structural", id + ": " + broken.getMessage());
    }
    pump();
  }

  private void pump() {
    drainSendNow();
    if (!raft.hasReady()) {
      return;
    }
    long durableUpTo = durableInCurrentForm();
    boolean earlierDeferred = inFlight.stream().anyMatch(f -> f.deferred);
    if (!inFlight.isEmpty()) {
      cluster.countPipelined();
    }
    Ready rd = raft.ready();
    status = raft.status();
    cluster.checker.onReady(id, view, rd, status);
    cluster.trace(id, "ready", new ReadySummary(rd));
    confirm(rd.readStates());
    for (Message m : rd.messagesToSendNow()) {
      cluster.checker.onSend(id, view, storage, m);
      cluster.send(m);
    }
    long before = sm.lastApplied();
    // Entries apply in log order: while an earlier Ready holds back committed entries, so does this one.
    long upTo = earlierDeferred ? 0 : alreadyDurableUpTo(rd, durableUpTo);
    applyCommitted(rd.committedEntries(), upTo);
    cluster.countDuringPersist(0, sm.lastApplied() - before);
    List<Entry> committed = rd.committedEntries();
    InFlight f = new InFlight(rd, !committed.isEmpty() && committed.get(committed.size() - 1).index() > upTo);
    inFlight.addLast(f);
    int inc = incarnation;
    cluster.afterDiskLatency(() -> {
      if (incarnation == inc) {
        f.written = true;
        if (cluster.options.brokenAckOrder && inFlight.peekFirst() != f) {
          f.sentEarly = true; // a broken driver: acknowledges its own write, ignoring earlier ones
          sendAfterPersist(f.rd);
        }
        completeWritten();
      }
    });
  }

  /**
   * The last index durable in the form the log now holds: what completed writes made durable (storage),
   * below the first entry of any Ready in flight, which may rewrite it.
   */
  private long durableInCurrentForm() {
    long upTo = storage.lastIndex(); // storage holds only what completed disk writes made durable
    for (InFlight f : inFlight) {
      if (!f.rd.entries().isEmpty()) {
        upTo = Math.min(upTo, f.rd.entries().get(0).index() - 1);
      }
    }
    return upTo;
  }

  /** Completes, in hand-out order, every Ready whose write finished and has no unfinished predecessor. */
  private void completeWritten() {
    int inc = incarnation;
    while (incarnation == inc && !inFlight.isEmpty() && inFlight.peekFirst().written) {
      InFlight f = inFlight.pollFirst();
      persisted(f.rd, f.sentEarly);
    }
  }

  private void sendAfterPersist(Ready rd) {
    for (Message m : rd.messagesAfterPersist()) {
      cluster.checker.onSend(id, view, storage, m);
      cluster.send(m);
    }
  }

  /**
   * What the driver does on every pass, also while a Ready's disk write is in flight: send what promises
   * nothing durable and take confirmed reads (issue #10).
   */
  private void drainSendNow() {
    if (!raft.hasSendNow()) {
      return;
    }
    SendNow now = raft.takeSendNow();
    if (!now.messages().isEmpty() || !now.readStates().isEmpty()) {
      cluster.trace(id, "send-now", now.messages().size() + " messages, reads " + now.readStates());
    }
    confirm(now.readStates());
    if (!inFlight.isEmpty()) {
      cluster.countDuringPersist(now.messages().size(), 0);
    }
    for (Message m : now.messages()) {
      cluster.checker.onSend(id, view, storage, m);
      cluster.send(m);
    }
  }

  private void confirm(List<ReadState> readStates) {
    for (ReadState rs : readStates) {
      Read r = reads.remove(rs.requestId());
      if (r != null) {
        cluster.checker.onReadState(id, rs, r.committedAtIssue());
        confirmedReads.add(new Read(r.requestId(), r.issuedAt(), r.committedAtIssue(), rs.index()));
      }
    }
    serveReads(); // the applier serves a read at once if it has applied up to its index
  }

  /**
   * The highest committed index of {@code rd} that is durable in its committed form before {@code rd}
   * persists (Ready's contract): at most {@code durableLast}, below {@code rd}'s first entry (which may
   * rewrite it), none if {@code rd} installs a snapshot.
   */
  static long alreadyDurableUpTo(Ready rd, long durableLast) {
    if (rd.snapshot() != null) {
      return 0;
    }
    return rd.entries().isEmpty() ? durableLast : Math.min(durableLast, rd.entries().get(0).index() - 1);
  }

  /** Applies {@code entries} up to index {@code upTo}, skipping what the state machine already holds. */
  private void applyCommitted(List<Entry> entries, long upTo) {
    for (Entry e : entries) {
      if (e.index() > upTo) {
        break;
      }
      if (e.index() <= sm.lastApplied()) {
        continue; // applied before this Ready persisted, or covered by a restored snapshot
      }
      Command c = sm.apply(e);
      cluster.checker.onApply(id, e, sm.digest());
      if (c != null) {
        cluster.applied(c, e.index());
        if (proposals.remove(c.id()) != null) {
          cluster.acknowledge(this, c, e.index());
        }
      }
    }
    serveReads();
    raft.appliedTo(sm.lastApplied());
  }

  /** The disk-completion event of {@code rd}: make it durable, then send, apply and advance. */
  private void persisted(Ready rd, boolean sentEarly) {
    for (SnapshotChunk c : rd.snapshotChunks()) {
      storage.writeSnapshotChunk(c.metadata(), c.offset(), c.data(), c.done());
    }
    if (rd.snapshot() != null) {
      storage.installSnapshot(rd.snapshot());
    }
    if (!rd.entries().isEmpty()) {
      storage.append(rd.entries());
    }
    if (rd.hardState() != null) {
      storage.setHardState(rd.hardState());
    }
    storage.sync();
    view.recordDurable(storage.hardState().currentTerm(), storage.lastIndex());
    cluster.trace(id, "persisted", new ReadySummary(rd));
    if (!sentEarly) {
      sendAfterPersist(rd);
    }
    if (rd.snapshot() != null) {
      restore(rd.snapshot());
    }
    applyCommitted(rd.committedEntries(), Long.MAX_VALUE);
    if (rd.confState() != null) {
      confState = rd.confState();
    }
    maybeSnapshot();
    raft.advance(rd);
    raft.appliedTo(sm.lastApplied());
    afterInput();
  }

  private void restore(SnapshotMetadata meta) {
    KvStateMachine restored = KvStateMachine.restore(storage.snapshotData());
    if (restored.lastApplied() != meta.index()) {
      throw new SafetyViolation("Snapshot Integrity", id + " installed snapshot " + meta
          + " whose data is applied to " + restored.lastApplied());
    }
    cluster.checker.onRestore(id, meta.index(), restored.digest());
    cluster.trace(id, "restore", meta);
    sm = restored;
    confState = meta.confState();
  }

  private void serveReads() {
    for (Iterator<Read> it = confirmedReads.iterator(); it.hasNext(); ) {
      Read r = it.next();
      if (r.confirmedIndex() <= sm.lastApplied()) {
        it.remove();
        readsServed++;
        cluster.readServed(this, r, sm.lastApplied());
      }
    }
  }

  /** Snapshots every {@code snapshotEvery} applied entries and compacts all but a small margin (§7). */
  private void maybeSnapshot() {
    int every = cluster.options.snapshotEvery;
    if (every <= 0 || sm.lastApplied() - storage.snapshotMetadata().index() < every) {
      return;
    }
    if (sm.lastApplied() > storage.hardState().commitIndex()) {
      // Entries applied early (durable, committed) whose commitIndex rides in a Ready still in flight: a
      // snapshot beyond the durable commitIndex would not restart (RaftDriver orders it behind that write).
      return;
    }
    storage.createSnapshot(sm.lastApplied(), confState, sm.snapshot());
    long compactTo = sm.lastApplied() - cluster.options.snapshotMargin;
    if (compactTo >= storage.firstIndex()) {
      storage.compact(compactTo);
    }
    storage.sync();
    cluster.trace(id, "snapshot", "at " + sm.lastApplied() + " compacted to " + compactTo);
  }

  /** A one-line description of a Ready for the trace. */
  record ReadySummary(Ready rd) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (rd.softState() != null) {
        sb.append(rd.softState()).append(' ');
      }
      if (rd.hardState() != null) {
        sb.append(rd.hardState()).append(' ');
      }
      if (!rd.entries().isEmpty()) {
        sb.append("entries ").append(rd.entries().get(0).index()).append("..")
            .append(rd.entries().get(rd.entries().size() - 1).index()).append(' ');
      }
      if (rd.snapshot() != null) {
        sb.append("snapshot ").append(rd.snapshot().index()).append('@').append(rd.snapshot().term()).append(' ');
      }
      if (!rd.snapshotChunks().isEmpty()) {
        sb.append("chunks ").append(rd.snapshotChunks().size()).append(' ');
      }
      if (!rd.committedEntries().isEmpty()) {
        sb.append("commit ").append(rd.committedEntries().get(0).index()).append("..")
            .append(rd.committedEntries().get(rd.committedEntries().size() - 1).index()).append(' ');
      }
      sb.append("now=").append(rd.messagesToSendNow().size()).append(" after=").append(rd.messagesAfterPersist().size());
      if (!rd.readStates().isEmpty()) {
        sb.append(" reads=").append(rd.readStates());
      }
      return sb.toString();
    }
  }
}
