package io.raftkv.raft;

/**
 * Deliberate violations of Raft's rules, switched on only by tests through {@link Config#injectedBugs()}
 * to prove that the simulator's safety checks detect them. Production configurations never set any.
 */
public enum InjectedBug {
  /** Grant votes without the §5.4.1 up-to-date log check. */
  SKIP_LOG_UP_TO_DATE_CHECK,
  /** Advance commitIndex over a majority-replicated entry of an older term (the Figure 8 bug). */
  COMMIT_OLD_TERM_ENTRIES,
  /** Grant a vote even after voting for another candidate in the same term. */
  GRANT_TWO_VOTES_PER_TERM
}
