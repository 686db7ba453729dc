package io.raftkv.raft;

/** Why a proposal was refused without being appended anywhere (so it was certainly not applied). */
public enum DropReason {
  NO_LEADER,
  LEADERSHIP_TRANSFER_IN_PROGRESS,
  CONF_CHANGE_PENDING,
  TOO_MANY_UNCOMMITTED,
  NOT_A_MEMBER
}
