package io.raftkv.raft.role;

import io.raftkv.raft.StateRole;

/**
 * Leader of one term (§5.2) and its term-scoped bookkeeping: heartbeat timer, leadership transfer
 * (thesis §3.10), the pending configuration change and the uncommitted-bytes budget.
 */
public final class Leader implements Role {

  private final long term;
  private final String id;
  /** Ticks since the last heartbeat round. Invariant: in [0, heartbeatTick). */
  private int heartbeatElapsed;
  /** Target of a leadership transfer in progress, or null. Invariant: a voter (cleared when removed). */
  private String leadTransferee;
  /**
   * Index of the latest conf change this leader appended (initially its lastIndex at election, since
   * older entries may hold one). Invariant: a new conf change is accepted only once applying >= this.
   */
  private long pendingConfIndex;
  /** Payload bytes appended in this term, not yet committed and handed out (etcd's uncommittedSize); >= 0. */
  private long uncommittedSize;
  /** Whether an entry of this term has committed (ReadIndex needs it, thesis §6.4). Invariant: never unset. */
  private boolean committedInTerm;

  public Leader(long term, String id, long pendingConfIndex) {
    this.term = term;
    this.id = id;
    this.pendingConfIndex = pendingConfIndex;
  }

  @Override
  public long term() {
    return term;
  }

  @Override
  public StateRole kind() {
    return StateRole.LEADER;
  }

  @Override
  public String leaderId() {
    return id;
  }

  /** Counts one tick; returns true when a heartbeat round is due (every {@code heartbeatTick}). */
  public boolean tickHeartbeat(int heartbeatTick) {
    heartbeatElapsed++;
    if (heartbeatElapsed >= heartbeatTick) {
      heartbeatElapsed = 0;
      return true;
    }
    return false;
  }

  public String leadTransferee() {
    return leadTransferee;
  }

  public void setLeadTransferee(String id) {
    leadTransferee = id;
  }

  public long pendingConfIndex() {
    return pendingConfIndex;
  }

  public void setPendingConfIndex(long index) {
    pendingConfIndex = index;
  }

  /** Whether {@code bytes} more fit within {@code max} (0 = unlimited); an empty budget admits anything. */
  public boolean tryReserve(long bytes, long max) {
    if (max > 0 && uncommittedSize > 0 && bytes > 0 && uncommittedSize + bytes > max) {
      return false;
    }
    uncommittedSize += bytes;
    return true;
  }

  public void release(long bytes) {
    uncommittedSize = Math.max(0, uncommittedSize - bytes);
  }

  public long uncommittedSize() {
    return uncommittedSize;
  }

  public boolean committedInTerm() {
    return committedInTerm;
  }

  public void markCommittedInTerm() {
    committedInTerm = true;
  }

  @Override
  public String toString() {
    return "Leader{term=" + term + ", id=" + id + "}";
  }
}
