package io.raftkv.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The body of every failed request: {@code {"error": code, "message": text}}, plus {@code "leader"} on a 503
 * that knows the leader's client URL, {@code "currentModRevision"}/{@code "exists"} on a 412, and
 * {@code "compactRevision"} on a 410.
 *
 * @param error the code, normally one of {@link ErrorKind} (kept as text so a newer server's code survives)
 * @param message human-readable detail, never null
 * @param leader the client URL of the believed leader, or {@code null}
 * @param preconditionFailed the key's state on a 412, or {@code null}
 * @param compactRevision the store's compaction point on a 410, else 0
 */
public record ApiError(String error, String message, String leader, PreconditionState preconditionFailed,
    long compactRevision) {

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

  public ApiError(String error, String message, String leader, PreconditionState preconditionFailed) {
    this(error, message, leader, preconditionFailed, 0);
  }

  /** A 410 body: {@code revision} is older than the compaction point {@code compactRevision}. */
  public static ApiError compacted(long revision, long compactRevision) {
    return new ApiError(ErrorKind.COMPACTED.code(), "revision " + revision
        + " has been compacted; the oldest revision kept is " + compactRevision, null, null, compactRevision);
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
    return new ApiError(error, message, leaderUrl, preconditionFailed, compactRevision);
  }

  /** The kind of {@link #error()}, empty for an unknown code. */
  public Optional<ErrorKind> kind() {
    return ErrorKind.ofCode(error);
  }
}
