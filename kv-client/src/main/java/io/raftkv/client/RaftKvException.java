package io.raftkv.client;

/**
 * Base of every error the client reports. Subclasses say what the caller may do next: retry
 * ({@link UnavailableException}, {@link TooManyRequestsException}), read first
 * ({@link OutcomeUnknownException}), or fix the request ({@link BadRequestException},
 * {@link PreconditionFailedException}, {@link KeyNotFoundException}).
 */
public class RaftKvException extends RuntimeException {

  private final int status;

  public RaftKvException(String message, Throwable cause) {
    this(0, message, cause);
  }

  public RaftKvException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status that caused this error, or 0 when there was no response. */
  public int status() {
    return status;
  }
}
