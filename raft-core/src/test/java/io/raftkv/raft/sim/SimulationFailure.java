package io.raftkv.raft.sim;

/**
 * A failed simulation: what broke, at which seed and virtual time, the last events, and the command that
 * replays it. It is an {@link AssertionError} so JUnit reports it as a test failure.
 */
public final class SimulationFailure extends AssertionError {

  private final String invariant;
  private final long seed;

  SimulationFailure(String invariant, long seed, long time, String detail, String trace, String replay,
      Throwable cause) {
    super(invariant + " violated at seed " + seed + ", virtual time " + time + " ms\n  " + detail
        + "\nreplay: " + replay + "\nlast events:\n" + trace, cause);
    this.invariant = invariant;
    this.seed = seed;
  }

  public String invariant() {
    return invariant;
  }

  public long seed() {
    return seed;
  }
}
