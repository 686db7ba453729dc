package io.raftkv.raft;

import io.raftkv.raft.proto.ConfState;
import io.raftkv.raft.proto.Entry;
import io.raftkv.raft.proto.HardState;
import io.raftkv.raft.proto.Message;
import io.raftkv.raft.proto.SnapshotMetadata;
import java.util.List;

/**
 * A batch of work the core hands its caller (etcd's Ready). The caller must, in this order:
 *
 * <ol>
 *   <li>Send {@link #messagesToSendNow()} at any time, even before anything below is durable. The core
 *       puts here a leader's replication traffic (AppendEntries, Heartbeat, InstallSnapshot,
 *       TimeoutNow, ReadIndexResponse): the leader writes its own log in parallel with sending it
 *       (thesis §10.2.1), which is safe because it counts itself towards a commit quorum only for
 *       entries reported durable through {@link RaftNode#advance(Ready)}; and, from any node, messages
 *       that promise nothing durable (HeartbeatResponse, a forwarded Propose or ReadIndexRequest, a
 *       refused ReadIndexResponse). The same messages, and {@link #readStates()}, can also be taken
 *       while a Ready is outstanding with {@link RaftNode#takeSendNow()}.
 *   <li>Persist {@link #snapshotChunks()} in order, then {@link #snapshot()} if present, then
 *       {@link #entries()} (replacing any stored entries at the same or later indexes), then
 *       {@link #hardState()} if present; durably (fsync) if {@link #mustSync()}.
 *   <li>Only then send {@link #messagesAfterPersist()}: votes, a candidate's vote requests, append and
 *       snapshot acknowledgements promise that what they acknowledge (or the sender's own vote) is
 *       durable (§5.1 "persist before responding to RPCs").
 *   <li>Apply {@link #committedEntries()} to the state machine in order (a snapshot in this Ready is
 *       restored first), and serve {@link #readStates()} once applied up to each read's index. Reads
 *       depend on no persistence and may be served at once. Committed entries already durable in this
 *       node's log may be applied before this Ready's persistence completes: those at or below the last
 *       index earlier Readies made durable and below this Ready's first entry, if it has no snapshot
 *       (an entry this Ready rewrites is not durable in its committed form yet).
 *   <li>Call {@link RaftNode#advance(Ready)} once the persistence step is complete. Applying may still be
 *       in progress on another thread; the entries must be applied in order.
 * </ol>
 *
 * <p>Outstanding Readies: at most {@link Config#maxInflightReadies()} (default 1) are handed out and not
 * yet advanced; the node keeps stepping messages and ticking meanwhile, and whatever accumulates becomes
 * the next Ready (this is what makes one fsync cover many proposals). With more than one (asynchronous
 * storage writes, etcd's AsyncStorageWrites) the caller may take the next Ready while earlier ones are
 * still being persisted, under these rules:
 *
 * <ul>
 *   <li>Entries are handed out once: a later Ready carries only entries appended (or rewritten) since.
 *   <li>Readies are persisted in the order they were handed out and advanced in that order
 *       ({@link RaftNode#advance(Ready)} throws otherwise). Step 3 of a Ready waits until it and every
 *       earlier Ready are durable; so a Ready that needs no sync still completes behind earlier ones.
 *   <li>The leader counts itself towards a quorum only for entries of advanced Readies. An entry a later
 *       Ready rewrote (a follower replacing its uncommitted suffix) is durable only once that later Ready
 *       is advanced, even if an earlier Ready wrote the same index.
 *   <li>Committed entries may be applied before their Ready persists only under step 4's rule with
 *       "earlier Readies made durable" meaning advanced ones, below the first entry of every Ready still
 *       in flight, and only if no earlier Ready in flight holds back committed entries of its own
 *       (entries are applied in log order).
 *   <li>Snapshots: a Ready carrying {@link #snapshot()} is handed out only when no other Ready is
 *       outstanding, and no Ready follows it until it is advanced. Snapshot chunks follow the general
 *       rule (written in order).
 *   <li>A state machine snapshot at index i may be written only after a hard state with commitIndex at
 *       least i is durable, i.e. behind every Ready handed out before the entries up to i were applied.
 * </ul>
 *
 * @param softState leader and role, or {@code null} if unchanged since the previous Ready
 * @param hardState the hard state to persist, or {@code null} if unchanged
 * @param entries log entries to persist, contiguous and ascending, possibly empty
 * @param snapshotChunks pieces of an incoming snapshot to persist, possibly empty
 * @param snapshot an incoming snapshot that is now complete and must be installed, or {@code null}
 * @param committedEntries entries newly known committed, to apply in order, possibly empty
 * @param confState the membership after applying this Ready's committed entries or snapshot, or
 *     {@code null} if unchanged
 * @param messagesToSendNow messages that may leave before persistence
 * @param messagesAfterPersist messages that must wait until the persistence step is durable
 * @param readStates linearizable reads now confirmed, possibly empty
 * @param mustSync whether the persistence step must be durable (fsync) before
 *     {@link #messagesAfterPersist()} leave (etcd's MustSync): true if this Ready carries entries,
 *     snapshot chunks or a snapshot, or a hardState whose currentTerm or votedFor differs from the
 *     previously persisted one (§5.1). False when the hardState changes only commitIndex: commitIndex may
 *     lag on disk (a restarted node re-learns it from the leader), so the caller may write it lazily and
 *     send the messages at once instead of queueing them behind a disk flush
 */
public record Ready(
    SoftState softState,
    HardState hardState,
    List<Entry> entries,
    List<SnapshotChunk> snapshotChunks,
    SnapshotMetadata snapshot,
    List<Entry> committedEntries,
    ConfState confState,
    List<Message> messagesToSendNow,
    List<Message> messagesAfterPersist,
    List<ReadState> readStates,
    boolean mustSync) {

  public Ready {
    if (!mustSync && (!entries.isEmpty() || !snapshotChunks.isEmpty() || snapshot != null)) {
      throw new IllegalArgumentException("a Ready with entries or snapshot data must be synced");
    }
  }
}
