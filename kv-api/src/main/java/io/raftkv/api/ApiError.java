package io.raftkv.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The body of every failed request: {@code {"error": code, "message": text}}, plus {@code "leader"} on a 503
 * that knows the leader's client URL, and {@code "currentModRevision"}/{@code "exists"} on a 412.
 *
 * @param error the code, normally one of {@link ErrorKind} (kept as text so a newer server's code survives)
 * @param message human-readable detail, never null
 * @param leader the client URL of the believed leader, or {@code null}
 * @param preconditionFailed the key's state on a 412, or {@code null}
 */
public record ApiError(String error, String message, String leader, PreconditionState preconditionFailed) {

  /**
   * The key's state a 412 reports.
   *
   * @param exists whether the key exists
   * @param currentModRevision its modRevision, 0 when absent
   */
  public record PreconditionState(boolean exists, long currentModRevision) {}

  public ApiError {
    Objects.requireNonNull(error, "error");
    message = message == null ? "" : message;
  }

  public static ApiError of(ErrorKind kind, String message) {
    return new ApiError(kind.code(), message, null, null);
  }

  /** A 412 body for a key that {@code exists} with {@code currentModRevision} (0 when absent). */
  public static ApiError preconditionFailed(boolean exists, long currentModRevision) {
    return new ApiError(ErrorKind.PRECONDITION_FAILED.code(),
        exists ? "the key's modRevision is " + currentModRevision : "the key does not exist", null,
        new PreconditionState(exists, currentModRevision));
  }

  public ApiError withLeader(String leaderUrl) {
    return new ApiError(error, message, leaderUrl, preconditionFailed);
  }

  /** The kind of {@link #error()}, empty for an unknown code. */
  public Optional<ErrorKind> kind() {
    return ErrorKind.ofCode(error);
  }
}
