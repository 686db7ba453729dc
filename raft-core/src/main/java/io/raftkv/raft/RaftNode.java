package io.raftkv.raft;

import io.raftkv.raft.log.Storage;
import io.raftkv.raft.proto.ConfChange;
import io.raftkv.raft.proto.Message;

/**
 * One Raft peer as a deterministic state machine (API CONTRACT: implementation pending, see issue #2).
 *
 * <p>Inputs: {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])},
 * {@link #proposeConfChange(ConfChange)}, {@link #readIndex(long)}, {@link #transferLeadership(String)},
 * {@link #campaign()}. Output: {@link #ready()}. No threads, clocks, sockets or files: the same inputs in
 * the same order always give the same outputs. Not thread-safe; one thread drives it.
 */
public final class RaftNode {

  private RaftNode() {}

  /**
   * Starts (or restarts) a node from {@code storage}: hard state, snapshot membership and log. A node
   * with empty storage and empty membership waits to be contacted by a leader (a joining member).
   */
  public static RaftNode create(Config config, Storage storage) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Advances logical time by one tick: election timeouts, heartbeats, CheckQuorum, transfer timeouts. */
  public void tick() {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Handles a message from a peer. Messages for another node or from a stale term are ignored. */
  public void step(Message message) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /**
   * Proposes a command. On the leader it is appended to the log; on a follower that knows the leader it is
   * forwarded (fire and forget). The caller learns the outcome when the entry is applied.
   *
   * @throws ProposalDroppedException if it was refused and certainly not appended anywhere
   */
  public void propose(byte[] data) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Proposes a membership change (thesis §4.3); at most one may be pending. */
  public void proposeConfChange(ConfChange change) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /**
   * Requests a linearizable read (thesis §6.4). A {@link ReadState} with this {@code requestId} appears in
   * a later Ready once leadership is confirmed; followers forward to the leader. Requests that cannot be
   * served (no leader, leader lost) produce no ReadState; the caller times them out.
   */
  public void readIndex(long requestId) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Asks the leader to hand leadership to {@code transferee} (thesis §3.10). */
  public void transferLeadership(String transferee) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Starts an election now (as if the election timeout fired). */
  public void campaign() {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Tells the leader that messages to {@code peer} could not be delivered (switches it to probing). */
  public void reportUnreachable(String peer) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Whether {@link #ready()} has work. */
  public boolean hasReady() {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Takes the pending work; see {@link Ready} for what the caller must do with it. */
  public Ready ready() {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  /** Reports that {@code ready}'s persistence step is complete (its committed entries are being applied). */
  public void advance(Ready ready) {
    throw new UnsupportedOperationException("pending: issue #2");
  }

  public Status status() {
    throw new UnsupportedOperationException("pending: issue #2");
  }
}
