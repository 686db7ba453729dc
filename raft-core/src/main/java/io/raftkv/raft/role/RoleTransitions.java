package io.raftkv.raft.role;

/**
 * The legal moves between roles; every role change of the node goes through {@link #check}.
 *
 * <pre>
 *   from \ to       Follower        PreCandidate     Candidate        Leader
 *   Follower(t)     t' >= t         t' == t          t' == t + 1      -
 *   PreCandidate(t) t' >= t         t' == t          t' == t + 1      -
 *   Candidate(t)    t' >= t         t' == t          t' == t + 1      t' == t
 *   Leader(t)       t' >= t         -                -                -
 * </pre>
 *
 * A leader only ever steps down (§5.1: on a higher term, CheckQuorum, or its removal); only a candidate
 * that won a majority in its own term becomes leader (§5.2). Terms never decrease.
 */
public final class RoleTransitions {

  private RoleTransitions() {}

  /**
   * Validates {@code from -> to} and returns {@code to}.
   *
   * @throws IllegalStateException on an illegal move (a bug in the core)
   */
  public static Role check(Role from, Role to) {
    long t = from.term();
    long t2 = to.term();
    boolean ok;
    if (to instanceof Follower) {
      ok = t2 >= t;
    } else if (to instanceof PreCandidate) {
      ok = !(from instanceof Leader) && t2 == t;
    } else if (to instanceof Candidate) {
      ok = !(from instanceof Leader) && t2 == t + 1;
    } else {
      ok = from instanceof Candidate && t2 == t;
    }
    if (!ok) {
      throw new IllegalStateException("illegal role transition " + from + " -> " + to);
    }
    return to;
  }
}
