package io.raftkv.raft;

import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.proto.RequestVote;

/**
 * The rules Election Safety and Leader Completeness rest on: whom a node may vote for (§5.2, §5.4.1) and
 * what a leader may commit (§5.4.2). The core asks them here, and nowhere else, so that the simulator's
 * mutation tests can prove its checkers catch a broken rule by swapping in a variant; such variants live
 * in test sources, and only code of this package can set one ({@code Config.Builder#safetyRules}). Every
 * node built through the public API uses {@link #RAFT}.
 */
interface SafetyRules {

  /** The rules as the paper states them. */
  SafetyRules RAFT = new SafetyRules() {
    @Override
    public String toString() {
      return "RAFT";
    }
  };

  /**
   * §5.2: a node votes for at most one candidate per term, and not while it follows a leader of the term;
   * a pre-vote (thesis §9.6) for a later term promises nothing and may be granted to anyone.
   *
   * @param votedFor this node's votedFor in {@code currentTerm}, or null
   * @param leaderId the leader this node follows in {@code currentTerm}, or null
   */
  default boolean mayVote(RequestVote rv, String votedFor, String leaderId, long currentTerm) {
    return rv.from().equals(votedFor)
        || (votedFor == null && leaderId == null)
        || (rv.preVote() && rv.term() > currentTerm);
  }

  /** §5.4.1: only a candidate whose log is at least as up-to-date as ours gets our vote. */
  default boolean candidateUpToDate(RequestVote rv, RaftLog log) {
    return log.isUpToDate(rv.lastLogIndex(), rv.lastLogTerm());
  }

  /**
   * §5.4.2 (Figure 8): advances commitIndex to {@code quorumIndex}, held by a quorum, only if that entry is
   * of {@code currentTerm}. Returns whether commitIndex moved.
   */
  default boolean commit(RaftLog log, long quorumIndex, long currentTerm) {
    return log.maybeCommit(quorumIndex, currentTerm);
  }
}
