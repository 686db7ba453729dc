package io.raftkv.api;

/**
 * JSON that is not what docs/API.md describes: a request the server refuses with {@link #kind()}
 * ({@code bad_json}, or {@code payload_too_large} for an oversized value), or an answer a client cannot
 * read.
 */
public final class ApiJsonException extends IllegalArgumentException {

  private final ErrorKind kind;

  public ApiJsonException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}
