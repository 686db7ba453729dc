package io.raftkv.client;

/** HTTP 400, 405 or 413: the server rejected the request as malformed or too large; retrying cannot help. */
public final class BadRequestException extends RaftKvException {

  private final String error;

  public BadRequestException(int status, String error, String message) {
    super(status, message, null);
    this.error = error;
  }

  /** The server's machine-readable error code (the "error" field), or the status text. */
  public String error() {
    return error;
  }
}
