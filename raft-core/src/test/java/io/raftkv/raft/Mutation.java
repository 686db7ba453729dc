package io.raftkv.raft;

import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.proto.RequestVote;

/**
 * Deliberately broken {@link SafetyRules}, one per constant, for the simulator's mutation tests: each must
 * be caught by a safety check. This is the test-source bridge through which code outside this package
 * (the simulator in {@code io.raftkv.raft.sim}) reaches the package-private {@code Config.Builder}
 * setter; production code cannot name a broken rule.
 */
public enum Mutation {
  /** Grant votes without the §5.4.1 up-to-date log check. */
  SKIP_LOG_UP_TO_DATE_CHECK(new SafetyRules() {
    @Override
    public boolean candidateUpToDate(RequestVote rv, RaftLog log) {
      return true;
    }
  }),
  /** Advance commitIndex over a majority-replicated entry of an older term (the Figure 8 bug). */
  COMMIT_OLD_TERM_ENTRIES(new SafetyRules() {
    @Override
    public boolean commit(RaftLog log, long quorumIndex, long currentTerm) {
      if (quorumIndex <= log.committed()) {
        return false;
      }
      log.commitTo(quorumIndex);
      return true;
    }
  }),
  /** Grant a vote even after voting for another candidate in the same term. */
  GRANT_TWO_VOTES_PER_TERM(new SafetyRules() {
    @Override
    public boolean mayVote(RequestVote rv, String votedFor, String leaderId, long currentTerm) {
      return true;
    }
  });

  private final SafetyRules rules;

  Mutation(SafetyRules rules) {
    this.rules = rules;
  }

  /** Makes {@code builder} build nodes that break this rule. */
  public Config.Builder applyTo(Config.Builder builder) {
    return builder.safetyRules(rules);
  }
}
