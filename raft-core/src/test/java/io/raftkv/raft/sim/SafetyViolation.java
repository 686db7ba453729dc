package io.raftkv.raft.sim;

/**
 * Thrown by {@link SafetyChecker} the moment an invariant is broken. {@link SimCluster} wraps it in a
 * {@link SimulationFailure} that adds the seed, the trace and the replay command.
 */
public final class SafetyViolation extends RuntimeException {

  private final String invariant;

  SafetyViolation(String invariant, String detail) {
    super(invariant + ": " + detail, null, false, false);
    this.invariant = invariant;
  }

  /** The name of the violated check, e.g. "Election Safety". */
  public String invariant() {
    return invariant;
  }
}
