package io.raftkv.client;

/** HTTP 429: the server shed load and did not apply the request; retry after {@link #retryAfterSeconds()}. */
public final class TooManyRequestsException extends RaftKvException {

  private final long retryAfterSeconds;

  public TooManyRequestsException(String message, long retryAfterSeconds) {
    super(429, message, null);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
