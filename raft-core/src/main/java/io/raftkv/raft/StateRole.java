package io.raftkv.raft;

/** The role a node plays in its current term (§5.1, plus the thesis' pre-candidate, §9.6). */
public enum StateRole {
  FOLLOWER,
  PRE_CANDIDATE,
  CANDIDATE,
  LEADER
}
