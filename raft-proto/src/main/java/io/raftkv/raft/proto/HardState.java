package io.raftkv.raft.proto;

/**
 * The persistent state of Figure 2 that must be durable before the node answers any RPC: currentTerm and
 * votedFor. commitIndex is kept here too (as etcd does) so a restarted node need not wait to relearn it;
 * it is safe to persist lazily because it can only lag the truth.
 *
 * @param votedFor candidate that received this node's vote in currentTerm, or {@code null} if none
 */
public record HardState(long currentTerm, String votedFor, long commitIndex) {

  public static final HardState EMPTY = new HardState(0, null, 0);

  public boolean isEmpty() {
    return equals(EMPTY);
  }
}
