package io.raftkv.raft;

import io.raftkv.raft.proto.ConfState;

/**
 * Something that happened inside the core that its state alone does not tell afterwards: why an election
 * started, why a leader stepped down, whom this node voted for, each role and leader change (also the
 * intermediate ones a caller looking at one Ready would miss), an applied configuration, an installed
 * snapshot. For observers (the dashboard feed); nothing in the algorithm reads them back.
 *
 * <p>Produced deterministically by the same inputs that cause them and drained with
 * {@link RaftNode#takeEvents()}; see {@link RaftEvents} for the bound.
 */
public sealed interface RaftEvent {

  /** Why this node started campaigning. */
  enum ElectionCause {
    /** A real election (§5.2) after the election timer fired, without pre-vote or after winning one. */
    TIMEOUT,
    /** A pre-vote round (thesis §9.6) after the election timer fired; currentTerm is unchanged. */
    PRE_VOTE,
    /** TimeoutNow from a leader handing over leadership (thesis §3.10). */
    TRANSFER
  }

  /** Why this node stopped leading. */
  enum StepDownCause {
    /** No quorum heard from within an election timeout (thesis §6.2 CheckQuorum). */
    CHECK_QUORUM,
    /** A message of a higher term (§5.1). */
    HIGHER_TERM,
    /** Its own removal from the configuration committed (thesis §4.2.2). */
    REMOVED,
    /** The transferee of its leadership transfer took over (thesis §3.10). */
    TRANSFER
  }

  /**
   * This node started campaigning for {@code term}: the new currentTerm, or for {@link ElectionCause#PRE_VOTE}
   * the term the pre-vote asks about (currentTerm + 1; currentTerm itself does not change).
   */
  record ElectionStarted(long term, ElectionCause cause) implements RaftEvent {}

  /** This node stopped leading; {@code term} is its currentTerm after stepping down. */
  record SteppedDown(long term, StepDownCause cause) implements RaftEvent {}

  /** This node granted its (real, not pre-) vote in {@code term} to {@code candidate} (§5.2). */
  record VoteGranted(long term, String candidate) implements RaftEvent {}

  /** The role changed ({@code from != to}; a follower moving to a higher term stays a follower). */
  record RoleChanged(long term, StateRole from, StateRole to) implements RaftEvent {}

  /** The leader this node knows of changed; {@code leader} is null when none is known. */
  record LeaderChanged(long term, String leader) implements RaftEvent {}

  /** The configuration change at log index {@code index} took effect; {@code conf} is the result. */
  record ConfApplied(long index, ConfState conf) implements RaftEvent {}

  /** A snapshot from the leader was installed (its Ready advanced). */
  record SnapshotInstalled(long index, long term) implements RaftEvent {}
}
