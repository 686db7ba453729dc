package io.raftkv.raft.proto;

/** How a {@link ConfChange} moves between configurations (etcd's ConfChangeTransition). */
public enum ConfChangeTransition {
  /** Simple change if it touches at most one voter, else joint with automatic leave. */
  AUTO,
  /** Always enter a joint configuration, then leave it automatically once applied. */
  JOINT_IMPLICIT,
  /** Always enter a joint configuration and stay until an empty ConfChange leaves it. */
  JOINT_EXPLICIT
}
