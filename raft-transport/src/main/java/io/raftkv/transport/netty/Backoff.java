package io.raftkv.transport.netty;

/**
 * Capped exponential reconnect delay: {@code min}, {@code 2*min}, ... up to {@code max}. A connection
 * counts as healthy (and resets the delay) only if it stayed up for at least {@code max}, so a peer that
 * accepts and immediately drops connections is retried at the capped rate, not every {@code min}.
 *
 * <p>Not thread-safe: owned by one connection's event loop.
 */
final class Backoff {

  private final long minMillis;
  private final long maxMillis;
  private long nextMillis;

  Backoff(long minMillis, long maxMillis) {
    this.minMillis = minMillis;
    this.maxMillis = maxMillis;
    this.nextMillis = minMillis;
  }

  /** The delay before the next attempt; doubles the following one, up to the cap. */
  long next() {
    long d = nextMillis;
    nextMillis = Math.min(maxMillis, nextMillis * 2);
    return d;
  }

  /** Starts over at {@code min}: the peer is known to be up again. */
  void reset() {
    nextMillis = minMillis;
  }

  /** Records that a connection lived {@code upMillis}; resets the delay if it was long enough. */
  void connectionLasted(long upMillis) {
    if (upMillis >= maxMillis) {
      nextMillis = minMillis;
    }
  }
}
