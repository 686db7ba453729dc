package io.raftkv.cli.client;

/**
 * Exit codes of the client commands. Every non-zero exit prints exactly one line on stderr.
 *
 * <ul>
 *   <li>{@link #OK} 0: done;
 *   <li>{@link #REJECTED} 1: the server answered with an error — 404 not found, 412 precondition failed,
 *       400/405/413 bad request, 429 too many requests, other unexpected status;
 *   <li>{@link #USAGE} 2: bad command line or input (same code picocli uses for usage errors);
 *   <li>{@link #UNAVAILABLE} 3: no endpoint answered usefully (unreachable, no leader), or a write's
 *       outcome is unknown (504 / connection lost after sending) — read before retrying.
 * </ul>
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int REJECTED = 1;
  public static final int USAGE = 2;
  public static final int UNAVAILABLE = 3;

  private ExitCodes() {
  }
}
